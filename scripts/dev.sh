#!/usr/bin/env bash
# Sets everything up and runs frist locally: npm deps, Temporal binaries, Postgres, migrations, worker, API, demo cases.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
bash scripts/ensure-tools.sh
exec node -r @swc-node/register tools/dev/dev-stack.ts
