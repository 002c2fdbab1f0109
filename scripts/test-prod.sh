#!/usr/bin/env bash
# `npm run test:prod`: the production topology's tests (tools/prod/*.prod-spec.ts) against the real Temporal server
# on PostgreSQL, two case workers, a webhook worker and two API replicas from the production build. Not part of `npm test`: the first run
# builds the Temporal server from the Go module proxy (about 11 minutes on 2 cores, once); later runs take minutes.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/prod-topology.sh prepare
mkdir -p tmp
set +e
npx jest --ci --selectProjects prod --json --outputFile=tmp/jest-prod-results.json "$@"
status=$?
set -e
node -e '
  const r = JSON.parse(require("fs").readFileSync("tmp/jest-prod-results.json", "utf8"));
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
  if (r.numTotalTests === 0) { console.error("no tests ran"); process.exit(1); }
' || status=1
exit $status
