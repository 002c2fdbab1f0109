#!/usr/bin/env bash
# Sets everything up and runs frist locally: npm deps, Temporal binaries, Postgres, migrations, worker, API, demo cases.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
bash scripts/ensure-tools.sh
# Development rules (the dev secret, the login page's dev-token helper, plain-http webhooks) only where asked for:
# an unset NODE_ENV means production rules.
export NODE_ENV=development
exec node -r @swc-node/register tools/dev/dev-stack.ts
