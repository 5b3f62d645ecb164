#!/usr/bin/env bash
# npm run eval -- retrieval --corpus F --queries F --qrels F: the same preparation as npm run bench
# (PostgreSQL with pgvector, Redis, a fresh benchmark database), then `ctxvault eval …`.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: npm run eval -- retrieval --corpus FILE --queries FILE --qrels FILE" >&2; exit 2; }
CTXVAULT_BENCH_COMMAND=eval exec bash "$(dirname "$0")/bench.sh" "$@"
