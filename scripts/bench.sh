#!/usr/bin/env bash
# npm run bench -- <name> [options]: prepares PostgreSQL (pgvector) and Redis, a fresh benchmark
# database with migrations, then runs `ctxvault bench <name>` and prints its figures as JSON.
# CTXVAULT_BENCH_COMMAND=eval runs `ctxvault eval …` instead (scripts/eval.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

command="${CTXVAULT_BENCH_COMMAND:-bench}"
[ $# -ge 1 ] || { echo "usage: npm run bench -- <provenance|ingest|search|scan> [options]" >&2; exit 2; }
ensure_node_modules
ensure_build
# The detector benchmark needs no database or queue; one core, as the target is stated.
if [ "$command" = bench ] && [ "$1" = scan ]; then
  if command -v taskset >/dev/null; then exec taskset -c 0 node "${NODE_FLAGS[@]}" bin/ctxvault "$command" "$@"; fi
  exec node "${NODE_FLAGS[@]}" bin/ctxvault "$command" "$@"
fi
bash scripts/ensure-services.sh

# The queue prefix follows the database, so two runs against different databases never take each other's jobs.
db="${CTXVAULT_BENCH_DB:-ctxvault_bench}"
prepare_database "$db" "ctxvault-bench-$db"
exec node "${NODE_FLAGS[@]}" bin/ctxvault "$command" "$@"
