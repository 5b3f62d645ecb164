#!/usr/bin/env bash
# npm test: install what is needed, make PostgreSQL (with pgvector) and Redis reachable, create a
# fresh test database with migrations, and run the unit, integration and e2e tiers.
# Extra arguments go to Jest (e.g. npm test -- --selectProjects unit).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

ensure_node_modules
ensure_tools
bash scripts/ensure-services.sh
ensure_build

prepare_database "${CTXVAULT_TEST_DB:-ctxvault_test}" ctxvault-test

result=$(mktemp)
set +e
# Under the V8 flags every ctxvault process runs with (Jest's workers inherit them): with the
# regular-expression tier-up on, the 1 MiB fuzz cases run interpreted for many times as long.
node "${NODE_FLAGS[@]}" node_modules/jest/bin/jest.js --ci --json --outputFile="$result" "$@"
status=$?
set -e
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(`jest: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
' "$result" || true
rm -f "$result"
exit $status
