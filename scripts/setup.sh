#!/usr/bin/env bash
# Installs what the workspace needs on a machine that has only Node.js (>= 20.18) and npm:
# pnpm at the pinned version, then every workspace dependency from the lockfile.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=12.4.2
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  echo "setup: installing pnpm $PNPM_VERSION"
  npm i -g --allow-scripts=pnpm "pnpm@$PNPM_VERSION"
fi

# better-sqlite3 (the demo's database) compiles from source here: point node-gyp at the Node headers that ship
# with the system Node instead of downloading them (this machine reaches no host but the package registries).
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node.h ]; then
  export npm_config_nodedir=/usr
fi

pnpm install --frozen-lockfile
