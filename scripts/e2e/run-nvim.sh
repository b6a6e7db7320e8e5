#!/usr/bin/env bash
# Neovim stdio smoke test: test/e2e/nvim/lsp_test.lua against dist/server.js (completion, hover, diagnostics).
set -uo pipefail
cd "$(dirname "$0")/../.."
fail() { echo "FAIL nvim: $*"; echo "e2e-result: nvim 0 passed, 1 failed"; exit 1; }
command -v nvim >/dev/null || fail "nvim not installed (run npm run e2e:setup)"
test -f dist/server.js || fail "dist/server.js missing (run npm run build)"
E2E_WS=$(node scripts/e2e/lib.js scratch ws-nvim) || fail "scratch workspace"
export E2E_WS XDG_CONFIG_HOME=$PWD/.e2e/run/nvim/config XDG_DATA_HOME=$PWD/.e2e/run/nvim/data XDG_STATE_HOME=$PWD/.e2e/run/nvim/state XDG_CACHE_HOME=$PWD/.e2e/run/nvim/cache
echo "$(nvim --version | head -1)"
out=$(timeout 120 nvim --headless --clean -c "luafile test/e2e/nvim/lsp_test.lua" 2>&1); rc=$?
echo "$out" | sed 's/\r$//'
echo "$out" | grep -q '^e2e-result: nvim' || fail "no result (rc=$rc)"
exit $rc
