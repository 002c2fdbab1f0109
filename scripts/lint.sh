#!/usr/bin/env bash
# ESLint with the module-boundary rule guaranteed to run. @nx/enforce-module-boundaries reads the Nx project graph
# from Nx's cache and, when there is none, prints "No cached ProjectGraph is available. The rule will be skipped"
# and lets the run pass. So: compute the graph first, check that it holds every project.json, and fail the run if
# ESLint still skipped the rule. Extra args go to ESLint (default: the whole tree).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mkdir -p tmp
NX_DAEMON=false npx nx show projects --json >tmp/nx-projects.json
node -e '
  const { execFileSync } = require("child_process");
  const inGraph = new Set(JSON.parse(require("fs").readFileSync("tmp/nx-projects.json", "utf8")));
  const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "*project.json"], { encoding: "utf8" })
    .split("\n").filter((f) => f && !f.startsWith("node_modules/"));
  const missing = files.map((f) => [f, JSON.parse(require("fs").readFileSync(f, "utf8")).name]).filter(([, n]) => !inGraph.has(n));
  if (files.length === 0 || missing.length > 0) {
    console.error(`lint: the Nx project graph lacks ${missing.map(([f, n]) => `${n} (${f})`).join(", ") || "every project"}`);
    process.exit(1);
  }
'
out=$(mktemp)
trap 'rm -f "$out"' EXIT
set +e
npx eslint --max-warnings 0 "${@:-.}" | tee "$out"
status=${PIPESTATUS[0]}
set -e
if grep -q 'No cached ProjectGraph' "$out"; then
  echo 'lint: ESLint could not read the Nx project graph, so the module-boundary rule did not run; failing' >&2
  exit 1
fi
exit "$status"
