#!/usr/bin/env bash
# npm run bench -- <name> [options]: prepares PostgreSQL (pgvector) and Redis, a fresh benchmark
# database with migrations, then runs `ctxvault bench <name>` and prints its figures as JSON.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

[ $# -ge 1 ] || { echo "usage: npm run bench -- <provenance> [options]" >&2; exit 2; }
ensure_node_modules
bash scripts/ensure-services.sh
ensure_build

BENCH_DB="${CTXVAULT_BENCH_DB:-ctxvault_bench}"
export DATABASE_ADMIN_URL="${BENCH_DATABASE_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
export DATABASE_URL="postgres://ctxvault_app@127.0.0.1:5432/${BENCH_DB}"
export DATABASE_OWNER_URL="postgres://ctxvault_owner@127.0.0.1:5432/${BENCH_DB}"
export REDIS_URL="${BENCH_REDIS_URL:-redis://127.0.0.1:6379}"
export QUEUE_PREFIX="ctxvault-bench"
export LOG_LEVEL="${LOG_LEVEL:-warn}"
export CTXVAULT_MASTER_KEY="${CTXVAULT_MASTER_KEY:-$(node -e 'process.stdout.write(require("crypto").randomBytes(32).toString("base64"))')}"

log "creating a fresh benchmark database ${BENCH_DB}"
node bin/ctxvault db setup --recreate >/dev/null
node bin/ctxvault migrate >/dev/null
exec node bin/ctxvault bench "$@"
