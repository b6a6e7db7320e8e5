#!/usr/bin/env bash
# npm run test:e2e — every end-to-end suite, in this order:
#   ext-host   extension-host tests through the VS Code API (code-server's VS Code 1.139, extension from the repository)
#   ui-vsix    the packaged tre-catalogue.vsix installed into code-server: activates and serves (Playwright)
#   ui-smoke   UI smoke tests in chromium: suggest widget, hover, squiggle + quick fix; screenshots in .e2e/screenshots/
#   nvim       Neovim over stdio (dist/server.js): completion, hover, diagnostics
#   emacs      Emacs + eglot over stdio: completion, hover, diagnostics
# Needs `npm run e2e:setup` (else the suites fail: a missing tool is a failure, never a skip) and an up-to-date
# tre-catalogue.vsix (`npm run package`); builds dist/ itself. E2E_SUITES="nvim emacs" runs a subset.
# Prints a table and, last, `N passed, N failed` (the checks of all suites); exits 1 if anything failed.
set -uo pipefail
cd "$(dirname "$0")/../.."
LOGS=.e2e/logs; mkdir -p "$LOGS"
SUITES=${E2E_SUITES:-"ext-host ui-vsix ui-smoke nvim emacs"}
passed=0; failed=0; summary=()
t_all=$(date +%s)

if ! npm run build --silent >"$LOGS/build.log" 2>&1; then
  cat "$LOGS/build.log"; echo "0 passed, 1 failed"; exit 1
fi

for s in $SUITES; do
  case $s in
    ext-host) cmd=(node scripts/e2e/run-ext-host.js) ;;
    ui-vsix)  cmd=(node scripts/e2e/run-ui.js vsix) ;;
    ui-smoke) cmd=(node scripts/e2e/run-ui.js smoke) ;;
    nvim)     cmd=(bash scripts/e2e/run-nvim.sh) ;;
    emacs)    cmd=(bash scripts/e2e/run-emacs.sh) ;;
    *) echo "unknown suite $s"; failed=$((failed + 1)); continue ;;
  esac
  echo "=== $s: ${cmd[*]}"
  t=$(date +%s)
  timeout 600 "${cmd[@]}" 2>&1 | tee "$LOGS/$s.log"
  rc=${PIPESTATUS[0]}
  secs=$(( $(date +%s) - t ))
  line=$(grep -E "^e2e-result: " "$LOGS/$s.log" | tail -1)
  if [[ $line =~ ([0-9]+)\ passed,\ ([0-9]+)\ failed ]]; then p=${BASH_REMATCH[1]}; f=${BASH_REMATCH[2]}; else p=0; f=1; fi
  # a suite that exits non-zero must count as failed even if it reported no failing check
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  passed=$((passed + p)); failed=$((failed + f))
  summary+=("$(printf '%-9s %3d passed %3d failed %4d s  (log: %s)' "$s" "$p" "$f" "$secs" "$LOGS/$s.log")")
done

echo "=== e2e summary ($(( $(date +%s) - t_all )) s)"
printf '%s\n' "${summary[@]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
