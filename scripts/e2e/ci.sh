#!/usr/bin/env bash
# CI for the end-to-end harness, from a clean checkout after `npm ci`: sets up the harness under .e2e/ (apt + npm,
# pinned versions), packages the .vsix and runs every e2e suite (npm run test:e2e). Needs root or sudo for apt.
# The last line is `N passed, N failed` for the e2e checks; exits non-zero if any failed or a tool is missing.
set -uo pipefail
cd "$(dirname "$0")/../.."
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
start=$(date +%s)
t=$start; phase() { echo "[e2e ci] $1: $(( $(date +%s) - t )) s"; t=$(date +%s); }

if ! bash scripts/e2e/setup.sh; then echo "[e2e ci] setup failed"; echo "0 passed, 1 failed"; exit 1; fi
phase "setup"
if ! npm run package; then echo "[e2e ci] npm run package failed"; echo "0 passed, 1 failed"; exit 1; fi
phase "package"
bash scripts/e2e/run-all.sh | tee .e2e/logs-ci.txt
rc=${PIPESTATUS[0]}
phase "test:e2e"
echo "[e2e ci] total: $(( $(date +%s) - start )) s"
tail -1 .e2e/logs-ci.txt
exit "$rc"
