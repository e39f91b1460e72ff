#!/usr/bin/env bash
# `npm run admin -- <command>`: the operator's command line (workspaces, keys, audit log), run
# against the database and NATS of `npm start` unless DATABASE_URL / NATS_URL say otherwise.
# `npm run admin` alone lists the commands.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

export DATABASE_URL="${DATABASE_URL:-postgres://postgres:postgres@127.0.0.1:5432/selgeo}"
# The key that seals what `npm start` stored: the same one, or nothing sealed could be opened.
if [ -z "${WEBHOOK_SECRETS_KEY:-}" ]; then
  [ -s "$STATE_DIR/webhook-secrets-key" ] || die "no WEBHOOK_SECRETS_KEY: run npm start once (it makes one in $STATE_DIR/), or set the key your deployment uses"
  WEBHOOK_SECRETS_KEY="$(cat "$STATE_DIR/webhook-secrets-key")"
  export WEBHOOK_SECRETS_KEY
fi
nats_pid="$(cat "$STATE_DIR/nats-server.pid" 2>/dev/null || true)"
if [ -z "${NATS_USER:-}" ] && [ -n "$nats_pid" ] && kill -0 "$nats_pid" 2>/dev/null && [ -s "$STATE_DIR/nats-credentials" ]; then
  read -r NATS_USER NATS_PASSWORD <"$STATE_DIR/nats-credentials"
  export NATS_USER NATS_PASSWORD
fi
{ [ -f dist/apps/tracking/main.js ] && [ -f dist/apps/dashboard/main.js ]; } || bash scripts/build.sh
export LOG_LEVEL="${LOG_LEVEL:-error}"
# A new workspace gets its first dashboard owner too (the dashboard keeps its users itself): the
# answer is the workspace with its keys and the owner's password, all shown this once.
if [ "${1:-}" = workspace ] && [ "${2:-}" = create ] && { [ $# -eq 3 ] || [ $# -eq 4 ]; }; then
  workspace="$(node dist/apps/tracking/main.js admin workspace create "$3")"
  owner="$(node dist/apps/dashboard/main.js create-owner "$(node -e 'console.log(JSON.parse(process.argv[1]).id)' "$workspace")" ${4:+"$4"})"
  exec node -e 'const w = JSON.parse(process.argv[1]), o = JSON.parse(process.argv[2]);
    console.log(JSON.stringify({ ...w, dashboard_owner: { email: o.email, password: o.password } }, null, 2))' "$workspace" "$owner"
fi
exec node dist/apps/tracking/main.js admin "$@"
