#!/usr/bin/env bash
# `npm start`: brings the whole system up locally - PostgreSQL and NATS (started, or installed
# on Debian, when missing), migrations, the default workspace and its dashboard owner, the four services
# and the dashboard.
# Runs in the foreground (Ctrl-C stops the services); `npm start -- --detach` returns instead.
# Order matters: the settings are checked, and a running instance looked for, before anything is
# stopped, built or started, so a mistake costs a second and leaves a running instance alone.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

detach=false
[ "${1:-}" = "--detach" ] && detach=true
services=(tracking webhook-ingest attribution commissions dashboard)

ensure_node_modules
mkdir -p "$STATE_DIR"
export DATABASE_URL="${DATABASE_URL:-postgres://postgres:postgres@127.0.0.1:5432/selgeo}"
export TRACKING_PORT="${TRACKING_PORT:-3001}" WEBHOOK_INGEST_PORT="${WEBHOOK_INGEST_PORT:-3002}" ATTRIBUTION_PORT="${ATTRIBUTION_PORT:-3003}"
export COMMISSIONS_PORT="${COMMISSIONS_PORT:-3004}" DASHBOARD_PORT="${DASHBOARD_PORT:-3000}"
# Hosted redirect links name the tracking service where it really listens.
export TRACKING_PUBLIC_URL="${TRACKING_PUBLIC_URL:-http://127.0.0.1:$TRACKING_PORT}"
# Where the dashboard forwards the browser's calls, and the Stripe endpoint its Get started page names.
export TRACKING_URL="http://127.0.0.1:$TRACKING_PORT" ATTRIBUTION_URL="http://127.0.0.1:$ATTRIBUTION_PORT" COMMISSIONS_URL="http://127.0.0.1:$COMMISSIONS_PORT"
export WEBHOOK_INGEST_PUBLIC_URL="${WEBHOOK_INGEST_PUBLIC_URL:-http://127.0.0.1:$WEBHOOK_INGEST_PORT}"

# A local signing secret, unless you bring Stripe's (e.g. the one `stripe listen` prints).
if [ -z "${STRIPE_WEBHOOK_SECRETS:-}" ]; then
  if [ ! -s "$STATE_DIR/stripe-webhook-secret" ]; then
    (umask 077 && node -e 'console.log("whsec_" + require("crypto").randomBytes(24).toString("hex"))' >"$STATE_DIR/stripe-webhook-secret")
  fi
  STRIPE_WEBHOOK_SECRETS="$(cat "$STATE_DIR/stripe-webhook-secret")"
  export STRIPE_WEBHOOK_SECRETS
fi
# The key that seals outgoing-webhook signing secrets at rest (local development copy, mode 600).
if [ -z "${WEBHOOK_SECRETS_KEY:-}" ]; then
  if [ ! -s "$STATE_DIR/webhook-secrets-key" ]; then
    (umask 077 && node -e 'console.log(require("crypto").randomBytes(32).toString("base64"))' >"$STATE_DIR/webhook-secrets-key")
  fi
  WEBHOOK_SECRETS_KEY="$(cat "$STATE_DIR/webhook-secrets-key")"
  export WEBHOOK_SECRETS_KEY
fi

# The operator credential for the admin API (/v1/admin/...), local development copy, mode 600.
if [ -z "${ADMIN_API_TOKEN:-}" ]; then
  if [ ! -s "$STATE_DIR/admin-api-token" ]; then
    (umask 077 && node -e 'console.log(require("crypto").randomBytes(32).toString("hex"))' >"$STATE_DIR/admin-api-token")
  fi
  ADMIN_API_TOKEN="$(cat "$STATE_DIR/admin-api-token")"
  export ADMIN_API_TOKEN
fi

# Local receivers (scripts/webhook-receiver.js, npm run example) listen on loopback, which
# outgoing webhooks refuse unless told otherwise: allowed here for local development only.
export WEBHOOK_ALLOW_LOOPBACK="${WEBHOOK_ALLOW_LOOPBACK:-true}"

node scripts/check-config.js || exit 1

# A pid file outlives a reboot, and its number may be another program's by now.
is_service() {
  kill -0 "$1" 2>/dev/null || return 1
  [ ! -r "/proc/$1/cmdline" ] || tr '\0' ' ' <"/proc/$1/cmdline" | grep -q "dist/apps/$2/main.js"
}
running=()
for service in "${services[@]}"; do
  pid="$(cat "$STATE_DIR/pids/$service.pid" 2>/dev/null || true)"
  [ -n "$pid" ] && is_service "$pid" "$service" && running+=("$service (pid $pid)")
done
if [ ${#running[@]} -gt 0 ]; then
  die "Selgeo is already running from this folder: ${running[*]}. Use it as it is, or stop it first (npm run stop, or Ctrl-C where it runs in the foreground) and run npm start again."
fi
for variable in TRACKING_PORT WEBHOOK_INGEST_PORT ATTRIBUTION_PORT COMMISSIONS_PORT DASHBOARD_PORT; do
  port_open "${!variable}" && die "port ${!variable} is taken by another program, so the service meant for it could not listen. Free it, or choose another port, e.g. $variable=$((${!variable} + 10)) npm start"
done

bash scripts/ensure-infra.sh
# The nats-server ensure-infra.sh started (not one that was already running) asks for credentials.
nats_pid="$(cat "$STATE_DIR/nats-server.pid" 2>/dev/null || true)"
if [ -z "${NATS_USER:-}" ] && [ -n "$nats_pid" ] && kill -0 "$nats_pid" 2>/dev/null && [ -s "$STATE_DIR/nats-credentials" ]; then
  read -r NATS_USER NATS_PASSWORD <"$STATE_DIR/nats-credentials"
  export NATS_USER NATS_PASSWORD
fi
bash scripts/build.sh
node scripts/create-database.js "$DATABASE_URL" ||
  die "is PostgreSQL running where DATABASE_URL points (${DATABASE_URL#*@})? Unset DATABASE_URL to use the local one npm start runs. Nothing was started."

say "Migrating and creating the default workspace"
# The services wait for NATS and PostgreSQL indefinitely, as they should in production; here a
# newcomer needs an answer instead.
bootstrap="$(LOG_LEVEL=error timeout 60 node dist/apps/tracking/main.js bootstrap-workspace)" ||
  die "the default workspace could not be created within 60 s: are NATS (NATS_URL) and PostgreSQL (DATABASE_URL) reachable? Nothing was started."
keys_file="$STATE_DIR/default-workspace.json"
keys_created=false
if node -e 'process.exit(JSON.parse(process.argv[1]).created ? 0 : 1)' "$bootstrap"; then
  (umask 077 && printf '%s\n' "$bootstrap" >"$keys_file")
  keys_created=true
fi
# The default workspace's first dashboard owner: the password is shown once, like the keys.
owner="$(LOG_LEVEL=error timeout 60 node dist/apps/dashboard/main.js create-owner "${DEFAULT_WORKSPACE_ID:-ws_default}" "${DASHBOARD_OWNER_EMAIL:-owner@example.com}")" ||
  die "the dashboard's owner could not be created within 60 s: is PostgreSQL (DATABASE_URL) reachable? Nothing was started."
owner_file="$STATE_DIR/dashboard-owner.json"
owner_created=false
if node -e 'process.exit(JSON.parse(process.argv[1]).created ? 0 : 1)' "$owner"; then
  (umask 077 && printf '%s\n' "$owner" >"$owner_file")
  owner_created=true
fi

mkdir -p "$STATE_DIR/logs" "$STATE_DIR/pids"
# Where this instance listens, for `npm run demo` and the example site.
printf 'TRACKING_PORT=%s\nWEBHOOK_INGEST_PORT=%s\nATTRIBUTION_PORT=%s\nCOMMISSIONS_PORT=%s\nDASHBOARD_PORT=%s\n' "$TRACKING_PORT" "$WEBHOOK_INGEST_PORT" "$ATTRIBUTION_PORT" "$COMMISSIONS_PORT" "$DASHBOARD_PORT" >"$STATE_DIR/ports"
declare -A pids ports=([tracking]="$TRACKING_PORT" [webhook-ingest]="$WEBHOOK_INGEST_PORT" [attribution]="$ATTRIBUTION_PORT" [commissions]="$COMMISSIONS_PORT" [dashboard]="$DASHBOARD_PORT")
for service in "${services[@]}"; do
  nohup node "dist/apps/$service/main.js" >"$STATE_DIR/logs/$service.log" 2>&1 &
  pids[$service]=$!
  echo $! >"$STATE_DIR/pids/$service.pid"
done

# The service that stopped is the news: its own words first, the others stopped so none stays half up.
exited_during_start() {
  local service="$1"
  printf '\033[1;31mError:\033[0m %s exited during start-up. Its last words (%s):\n' "$service" "$STATE_DIR/logs/$service.log" >&2
  tail -n 15 "$STATE_DIR/logs/$service.log" >&2
  bash scripts/stop.sh --quiet
  exit 1
}
for ((i = 0; i < 300; i++)); do
  ready=0
  for service in "${services[@]}"; do
    kill -0 "${pids[$service]}" 2>/dev/null || exited_during_start "$service"
    curl -fsS "http://127.0.0.1:${ports[$service]}/health/ready" >/dev/null 2>&1 && ready=$((ready + 1))
  done
  [ "$ready" = ${#services[@]} ] && break
  sleep 0.1
done
if [ "$ready" != ${#services[@]} ]; then
  bash scripts/stop.sh --quiet
  die "the services did not all become ready within 30 s; they were stopped. Their logs: $STATE_DIR/logs/"
fi

cat <<INFO

Selgeo is up.
  dashboard       http://127.0.0.1:$DASHBOARD_PORT   sign in in a browser: partners, conversions, commissions, webhooks, settings
  tracking        http://127.0.0.1:$TRACKING_PORT   snippet clicks (POST /v1/clicks), hosted redirect (GET /r/TOKEN), partners (/v1/partners)
  webhook-ingest  http://127.0.0.1:$WEBHOOK_INGEST_PORT   Stripe webhooks (POST /webhooks/stripe), Conversion API (POST /api/v1/conversions)
  attribution     http://127.0.0.1:$ATTRIBUTION_PORT   conversions (GET /v1/conversions), event outcomes (GET /v1/stripe-events/ID),
                                          outgoing webhooks (/v1/webhook-endpoints)
  commissions     http://127.0.0.1:$COMMISSIONS_PORT   plans (/v1/plans), commissions (/v1/commissions), balances, payouts (/v1/payouts),
                                          summary (GET /v1/commission-summary)
  Each serves its OpenAPI document at /openapi.json (also in docs/openapi/).

INFO
if $keys_created; then
  echo "Default workspace keys, shown this once (Selgeo stores only their hashes; a local copy is in $keys_file, mode 600):"
  node -e 'const k = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).keys; for (const [n, v] of Object.entries(k)) console.log(`  ${n.padEnd(8)} ${v}`)' "$keys_file"
elif [ -s "$keys_file" ]; then
  echo "Default workspace keys: shown when it was created; the local copy is $keys_file (mode 600)."
else
  echo "The default workspace existed already; its keys were shown when it was created. Lost them? Make another:"
  echo "  npm run admin -- keys create ${DEFAULT_WORKSPACE_ID:-ws_default} secret test"
fi
echo
if $owner_created; then
  echo "Dashboard owner of the default workspace, shown this once (stored hashed; a local copy is in $owner_file, mode 600):"
  node -e 'const o = JSON.parse(process.argv[1]); console.log(`  email    ${o.email}\n  password ${o.password}`)' "$owner"
elif [ -s "$owner_file" ]; then
  echo "Dashboard owner: shown when it was created; the local copy is $owner_file (mode 600)."
else
  echo "The default workspace has a dashboard owner already (shown when it was made). Another owner: npm run admin -- workspace create NAME EMAIL"
fi
cat <<INFO

Try the whole flow (partner, referral token, click, signed checkout.session.completed, conversion):
  npm run demo

Or send a signed test event by hand (signed exactly as Stripe signs, with this local secret):
  secret='$STRIPE_WEBHOOK_SECRETS'
  payload='{"id":"evt_manual_'\$RANDOM'","object":"event","type":"checkout.session.completed","livemode":false,"created":'\$(date +%s)',"data":{"object":{"id":"cs_test_manual","object":"checkout.session","mode":"payment","payment_status":"paid","client_reference_id":null,"metadata":{"aff_click_id":""},"amount_total":4900,"currency":"usd","livemode":false}}}'
  t=\$(date +%s); v1=\$(printf '%s' "\$t.\$payload" | openssl dgst -sha256 -hmac "\$secret" | sed 's/^.* //')
  curl -s http://127.0.0.1:$WEBHOOK_INGEST_PORT/webhooks/stripe -H "stripe-signature: t=\$t,v1=\$v1" -H 'content-type: application/json' -d "\$payload"

With the Stripe CLI:
  stripe listen --forward-to http://127.0.0.1:$WEBHOOK_INGEST_PORT/webhooks/stripe
  then npm run stop, and start again with the secret it prints: STRIPE_WEBHOOK_SECRETS=whsec_... npm start

Logs: $STATE_DIR/logs/   Stop: $($detach && echo "npm run stop" || echo "Ctrl-C (or npm run stop from another terminal)")
INFO

if ! $detach; then
  trap 'echo; bash scripts/stop.sh; exit 0' INT TERM
  # Returns as soon as one service ends: `npm run stop` (which removes the pid files) or a crash.
  wait -n || true
  if [ -e "$STATE_DIR/pids/tracking.pid" ] || [ -e "$STATE_DIR/pids/webhook-ingest.pid" ] || [ -e "$STATE_DIR/pids/attribution.pid" ] ||
    [ -e "$STATE_DIR/pids/commissions.pid" ] || [ -e "$STATE_DIR/pids/dashboard.pid" ]; then
    for service in "${services[@]}"; do kill -0 "${pids[$service]}" 2>/dev/null || say "$service exited; its log: $STATE_DIR/logs/$service.log"; done
    bash scripts/stop.sh
    die "a service exited, so Selgeo was stopped (see the log above)"
  fi
  wait || true
  say "Selgeo was stopped (npm run stop)."
fi
