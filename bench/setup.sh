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
# sql-language-server 1.7.1 asks for vscode-languageserver-protocol ^3.15.3, which now resolves to a version whose
# exports map hides the path it imports; pin the version its own vscode-languageserver 8.0.0-next.8 uses.
echo '{"private":true,"overrides":{"vscode-languageserver-protocol":"3.17.0-next.14"}}' > "$dir/package.json"
(cd "$dir" && npm install --no-save --no-audit --no-fund sql-language-server@1.7.1)
