#!/usr/bin/env bash
# npm run eval -- retrieval --corpus F --queries F --qrels F: prepares PostgreSQL (pgvector) and
# Redis and a fresh benchmark database with migrations, then runs `ctxvault eval …`.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

[ $# -ge 1 ] || { echo "usage: npm run eval -- retrieval --corpus FILE --queries FILE --qrels FILE" >&2; exit 2; }
ensure_node_modules
bash scripts/ensure-services.sh
ensure_build

prepare_database "${CTXVAULT_BENCH_DB:-ctxvault_bench}" ctxvault-bench
exec node bin/ctxvault eval "$@"
