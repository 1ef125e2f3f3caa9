#!/usr/bin/env bash
# The one command that installs and runs every test: pnpm + dependencies, the services the tests use
# (redis-server for the shared certificate cache and callback dedupe, Chromium for the demo's browser test),
# then `pnpm test`, which ends with one line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v redis-server >/dev/null 2>&1 || need_apt+=(redis-server)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "test-all: please install ${need_apt[*]} (e.g. sudo apt-get install -y ${need_apt[*]})" >&2
    exit 1
  fi
  echo "test-all: installing ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

bash scripts/setup.sh

export WXPAY_TEST_REDIS_URL="${WXPAY_TEST_REDIS_URL:-redis://127.0.0.1:6390}"
bash scripts/start-redis.sh

pnpm test
