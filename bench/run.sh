#!/usr/bin/env bash
# `npm run bench`: installs what is missing (npm deps, the Temporal binaries), then runs every benchmark against
# servers it starts itself. Not part of `npm test`. Arguments go to bench/main.ts (e.g. --quick, --only api).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# The time budget counts from here, so installing dependencies on a fresh clone is part of it.
export BENCH_LAUNCHED_AT_MS="${BENCH_LAUNCHED_AT_MS:-$(date +%s%3N)}"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
bash scripts/ensure-tools.sh
exec node -r @swc-node/register bench/main.ts "$@"
