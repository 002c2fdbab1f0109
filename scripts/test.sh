#!/usr/bin/env bash
# Runs every check and test against real servers: typecheck, lint, then Jest (unit, workflow on the time-skipping
# server, integration/e2e on real Postgres and the Temporal dev server). Extra args go to Jest.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
bash scripts/ensure-tools.sh
bash scripts/ensure-chromium.sh
echo "== typecheck"; npx tsc -p tsconfig.json --noEmit
# The web UI is plain ES modules with JSDoc types, checked against the DOM library.
npx tsc -p apps/api/src/web/tsconfig.json
echo "== format"
# Unformatted code fails the run; `npm run format` fixes it.
npx prettier --check . --log-level warn
echo "== lint"
# Computes the Nx project graph first and fails if the module-boundary rule still skipped itself.
bash scripts/lint.sh
echo "== tests"
mkdir -p tmp
rm -f tmp/jest-results.json
set +e
# The prod project (real Temporal cluster, first build ~11 min) runs only under `npm run test:prod`.
npx jest --ci --selectProjects unit controller workflow integration --json --outputFile=tmp/jest-results.json "$@"
status=$?
set -e
# A plain closing line that any CI reads, from Jest's own counts.
node -e '
  const fs = require("fs");
  if (!fs.existsSync("tmp/jest-results.json")) { console.log("tests: 0 passed, 1 failed"); console.error("jest wrote no results"); process.exit(1); }
  const r = JSON.parse(fs.readFileSync("tmp/jest-results.json", "utf8"));
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""));
  if (r.numTotalTests === 0) { console.error("no tests ran"); process.exit(1); }
' || status=1
exit $status
