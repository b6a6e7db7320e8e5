#!/usr/bin/env bash
# Every test, as CI runs it: installs what the tests need (R and dplyr, the editors and code-server;
# Debian packages need root), then unit, LSP, snippet-execution and grammar tests, then the .vsix and the
# real-editor suites (VS Code via code-server, Playwright UI, Neovim, Emacs). Run after `npm ci`.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run setup
npm test
bash scripts/e2e/ci.sh
