#!/usr/bin/env bash
# `npm start`: brings the whole system up locally - PostgreSQL and NATS (started, or installed
# on Debian, when missing), migrations, the default workspace, and the three services.
# Runs in the foreground (Ctrl-C stops the services); `npm start -- --detach` returns instead.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

detach=false
[ "${1:-}" = "--detach" ] && detach=true

ensure_node_modules
bash scripts/ensure-infra.sh
bash scripts/stop.sh --quiet
bash scripts/build.sh

export DATABASE_URL="${DATABASE_URL:-postgres://postgres:postgres@127.0.0.1:5432/selgeo}"
export TRACKING_PORT="${TRACKING_PORT:-3001}" WEBHOOK_INGEST_PORT="${WEBHOOK_INGEST_PORT:-3002}" ATTRIBUTION_PORT="${ATTRIBUTION_PORT:-3003}"
node scripts/create-database.js "$DATABASE_URL"

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

say "Migrating and creating the default workspace"
bootstrap="$(LOG_LEVEL=error node dist/apps/tracking/main.js bootstrap-workspace)"
keys_file="$STATE_DIR/default-workspace.json"
if node -e 'process.exit(JSON.parse(process.argv[1]).created ? 0 : 1)' "$bootstrap"; then
  (umask 077 && printf '%s\n' "$bootstrap" >"$keys_file")
fi

mkdir -p "$STATE_DIR/logs" "$STATE_DIR/pids"
for service in tracking webhook-ingest attribution; do
  nohup node "dist/apps/$service/main.js" >"$STATE_DIR/logs/$service.log" 2>&1 &
  echo $! >"$STATE_DIR/pids/$service.pid"
done

for port in "$TRACKING_PORT" "$WEBHOOK_INGEST_PORT" "$ATTRIBUTION_PORT"; do
  for ((i = 0; i < 300; i++)); do
    curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
    sleep 0.1
  done
  curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 || { tail -n 20 "$STATE_DIR"/logs/*.log >&2; die "a service on port $port did not become ready (logs above, all in $STATE_DIR/logs)"; }
done

cat <<INFO

Selgeo is up.
  tracking        http://127.0.0.1:$TRACKING_PORT   snippet clicks (POST /v1/clicks), hosted redirect (GET /r/TOKEN), partners (/v1/partners)
  webhook-ingest  http://127.0.0.1:$WEBHOOK_INGEST_PORT   Stripe webhooks (POST /webhooks/stripe), Conversion API (POST /api/v1/conversions)
  attribution     http://127.0.0.1:$ATTRIBUTION_PORT   conversions (GET /v1/conversions), event outcomes (GET /v1/stripe-events/ID),
                                          outgoing webhooks (/v1/webhook-endpoints)
  Each serves its OpenAPI document at /openapi.json (also in docs/openapi/).

INFO
if [ -s "$keys_file" ]; then
  echo "Default workspace keys (stored hashed by Selgeo; this local copy is $keys_file, mode 600):"
  node -e 'const k = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).keys; for (const [n, v] of Object.entries(k)) console.log(`  ${n.padEnd(8)} ${v}`)' "$keys_file"
else
  echo "The default workspace existed already; its keys were shown when it was created."
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
  then start again with the secret it prints: STRIPE_WEBHOOK_SECRETS=whsec_... npm start

Logs: $STATE_DIR/logs/   Stop: Ctrl-C$($detach && echo ", or npm run stop")
INFO

if ! $detach; then
  trap 'echo; bash scripts/stop.sh; exit 0' INT TERM
  wait
fi
