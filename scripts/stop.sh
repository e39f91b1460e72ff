#!/usr/bin/env bash
# Stops the services `npm start` started (PostgreSQL and NATS are left running).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
quiet=false
[ "${1:-}" = "--quiet" ] && quiet=true

# The pid files go first: a foreground `npm start` that sees its services end then knows they were
# stopped on purpose, not crashed.
declare -A pids
for pidfile in "$STATE_DIR"/pids/*.pid; do
  [ -e "$pidfile" ] || continue
  pids[$(basename "$pidfile" .pid)]="$(cat "$pidfile")"
  rm -f "$pidfile"
done

stopped=0
for service in "${!pids[@]}"; do
  pid="${pids[$service]}"
  if kill -0 "$pid" 2>/dev/null; then
    $quiet || say "Stopping $service"
    kill -TERM "$pid" 2>/dev/null || true
    stopped=$((stopped + 1))
    for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
done
if ! $quiet; then
  if [ "$stopped" -gt 0 ]; then say "Selgeo is stopped (PostgreSQL and NATS keep running)"; else say "Selgeo is not running: nothing to stop"; fi
fi
