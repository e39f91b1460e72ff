#!/usr/bin/env bash
# Stops the services `npm start` started (PostgreSQL and NATS are left running).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
quiet=false
[ "${1:-}" = "--quiet" ] && quiet=true
for pidfile in "$STATE_DIR"/pids/*.pid; do
  [ -e "$pidfile" ] || continue
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    $quiet || say "Stopping $(basename "$pidfile" .pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$pidfile"
done
