#!/usr/bin/env bash
# npm test: install what is needed, make PostgreSQL (with pgvector) and Redis reachable, create a
# fresh test database with migrations, and run the unit, integration and e2e tiers.
# Extra arguments go to Jest (e.g. npm test -- --selectProjects unit).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

ensure_node_modules
bash scripts/ensure-services.sh
ensure_build

TEST_DB="${CTXVAULT_TEST_DB:-ctxvault_test}"
export DATABASE_ADMIN_URL="${TEST_DATABASE_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
export DATABASE_URL="postgres://ctxvault_app@127.0.0.1:5432/${TEST_DB}"
export DATABASE_OWNER_URL="postgres://ctxvault_owner@127.0.0.1:5432/${TEST_DB}"
export REDIS_URL="${TEST_REDIS_URL:-redis://127.0.0.1:6379}"
export QUEUE_PREFIX="ctxvault-test"
export CTXVAULT_MASTER_KEY="${CTXVAULT_MASTER_KEY:-$(node -e 'process.stdout.write(require("crypto").randomBytes(32).toString("base64"))')}"
export LOG_LEVEL="${LOG_LEVEL:-warn}"

log "creating a fresh test database ${TEST_DB}"
node bin/ctxvault db setup --recreate >/dev/null
node bin/ctxvault migrate >/dev/null

result=$(mktemp)
set +e
npx jest --ci --json --outputFile="$result" "$@"
status=$?
set -e
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(`jest: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
' "$result" || true
rm -f "$result"
exit $status
