#!/usr/bin/env bash
# Installs the comparison server, sql-language-server (pinned), under .bench/ (git-ignored).
# Its sqlite3 dependency compiles from source here (about 2 minutes on 2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=.bench/sqlls
if [ -f "$dir/node_modules/sql-language-server/npm_bin/cli.js" ]; then
  echo "sql-language-server already installed in $dir"
  exit 0
fi
mkdir -p "$dir"
echo '{"private":true}' > "$dir/package.json"
(cd "$dir" && npm install --no-save --no-audit --no-fund sql-language-server@1.7.1)
