#!/usr/bin/env bash
# The production topology on this machine, without Docker: `prepare` builds the production build and the real
# Temporal server (once, about 11 minutes on 2 cores, cached in ~/.cache/frist-tools), `up` runs Temporal on
# PostgreSQL, the migration job, two case workers, a webhook worker and two API replicas on 127.0.0.1 until Ctrl-C.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
bash scripts/ensure-tools.sh
exec node -r @swc-node/register tools/prod/main.ts "${1:-up}"
