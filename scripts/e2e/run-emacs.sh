#!/usr/bin/env bash
# Emacs stdio smoke test: test/e2e/emacs/eglot-test.el (eglot) against dist/server.js (completion, hover, diagnostics).
set -uo pipefail
cd "$(dirname "$0")/../.."
fail() { echo "FAIL emacs: $*"; echo "e2e-result: emacs 0 passed, 1 failed"; exit 1; }
command -v emacs >/dev/null || fail "emacs not installed (run npm run e2e:setup)"
test -f dist/server.js || fail "dist/server.js missing (run npm run build)"
E2E_WS=$(node scripts/e2e/lib.js scratch ws-emacs) || fail "scratch workspace"
export E2E_WS HOME=$PWD/.e2e/run/emacs-home   # no ~/.emacs.d side effects
mkdir -p "$HOME"
echo "$(emacs --version | head -1), eglot $(ls -d /usr/share/emacs/site-lisp/elpa/eglot-* 2>/dev/null | sed 's/.*eglot-//')"
out=$(timeout 120 emacs --batch -l test/e2e/emacs/eglot-test.el 2>&1); rc=$?
echo "$out" | grep -E '^(PASS|FAIL|e2e-result|Error|Debugger)' || echo "$out" | tail -20
echo "$out" | grep -q '^e2e-result: emacs' || fail "no result (rc=$rc)"
exit $rc
