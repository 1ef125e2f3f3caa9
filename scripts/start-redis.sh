#!/usr/bin/env bash
# Starts a throwaway redis-server on 127.0.0.1:6390 for the tests (no persistence), unless one already answers.
set -euo pipefail
PORT=6390
if redis-cli -p "$PORT" ping >/dev/null 2>&1; then exit 0; fi
redis-server --bind 127.0.0.1 --port "$PORT" --daemonize yes --save '' --appendonly no \
  --pidfile "/tmp/redis-$PORT.pid" --logfile "/tmp/redis-$PORT.log"
for _ in $(seq 1 50); do
  redis-cli -p "$PORT" ping >/dev/null 2>&1 && exit 0
  sleep 0.1
done
echo "start-redis: redis-server did not answer on port $PORT (see /tmp/redis-$PORT.log)" >&2
exit 1
