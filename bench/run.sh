#!/usr/bin/env bash
# `npm run bench`: installs what is missing (npm deps, the Temporal binaries), then runs every benchmark against
# servers it starts itself. Not part of `npm test`. Arguments go to bench/main.ts (e.g. --quick, --only api).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
bash scripts/ensure-tools.sh
exec node -r @swc-node/register bench/main.ts "$@"
