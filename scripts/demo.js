// `npm run demo`: walks the product's main path against the services `npm start` brought up.
const { existsSync, readFileSync } = require('node:fs');
const { randomBytes } = require('node:crypto');
const { resolve } = require('node:path');
const Stripe = require('stripe');
const { startReceiver } = require('./webhook-receiver');

const state = process.env.SELGEO_STATE_DIR ?? resolve(__dirname, '../.selgeo');
/** Where `npm start` said its services listen (.selgeo/ports), unless the environment says otherwise. */
const started = Object.fromEntries(
  (existsSync(resolve(state, 'ports')) ? readFileSync(resolve(state, 'ports'), 'utf8') : '')
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split('=')),
);
const port = (name, fallback) => process.env[name] ?? started[name] ?? fallback;
const tracking = `http://127.0.0.1:${port('TRACKING_PORT', 3001)}`;
const ingest = `http://127.0.0.1:${port('WEBHOOK_INGEST_PORT', 3002)}`;
const attribution = `http://127.0.0.1:${port('ATTRIBUTION_PORT', 3003)}`;

async function call(method, url, key, body) {
  const response = await fetch(url, {
    signal: AbortSignal.timeout(10_000),
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).catch((err) => {
    // A refused connection means nothing listens there: say where, and what to run.
    throw new Error(`${new URL(url).origin} is not reachable (${err.cause?.code ?? err.message}): is npm start running?`);
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`${method} ${url} -> ${response.status}: ${JSON.stringify(json)}`);
  return json;
}

async function main() {
  const keysFile = resolve(state, 'default-workspace.json');
  if (!existsSync(keysFile)) {
    throw new Error(
      `no keys in ${keysFile}: run npm start first (it writes them when it creates the default workspace; if it existed already, it prints how to make another key)`,
    );
  }
  const { keys } = JSON.parse(readFileSync(keysFile, 'utf8'));
  const secret = (process.env.STRIPE_WEBHOOK_SECRETS ?? readFileSync(resolve(state, 'stripe-webhook-secret'), 'utf8')).split(',')[0].trim();

  const partner = await call('POST', `${tracking}/v1/partners`, keys.sk_test, { name: 'Demo partner', destination_url: 'https://shop.example.com/pricing' });
  console.log(`1. partner ${partner.id} created`);
  const token = await call('POST', `${tracking}/v1/partners/${partner.id}/referral-tokens`, keys.sk_test, {});
  console.log(`2. referral link: https://shop.example.com/?ref=${token.token}  (hosted: ${token.redirect_url})`);
  const click = await call('POST', `${tracking}/v1/clicks`, keys.pk_test, { token: token.token });
  console.log(`3. click registered: click_id ${click.click_id}`);
  const receiver = await startReceiver();
  const endpoint = await call('POST', `${attribution}/v1/webhook-endpoints`, keys.sk_test, {
    url: receiver.url,
    description: 'npm run demo',
    // The demo follows one conversion: with a commission plan set, commission events would arrive too.
    enabled_events: ['conversion.created', 'conversion.updated'],
  });
  receiver.secret = endpoint.secret;
  console.log(`   webhook endpoint ${endpoint.id} -> ${receiver.url}`);
  try {
    await checkoutFlow(keys, secret, click, receiver);
  } finally {
    await call('DELETE', `${attribution}/v1/webhook-endpoints/${endpoint.id}`, keys.sk_test);
    receiver.close();
  }
}

async function checkoutFlow(keys, secret, click, receiver) {
  const session = {
    id: `cs_test_${randomBytes(12).toString('hex')}`,
    object: 'checkout.session',
    mode: 'subscription',
    status: 'complete',
    payment_status: 'paid',
    client_reference_id: click.click_id,
    metadata: {},
    customer: `cus_${randomBytes(7).toString('hex')}`,
    subscription: `sub_${randomBytes(12).toString('hex')}`,
    invoice: `in_${randomBytes(12).toString('hex')}`,
    amount_total: 4900,
    currency: 'usd',
    livemode: false,
  };
  const event = {
    id: `evt_${randomBytes(12).toString('hex')}`,
    object: 'event',
    type: 'checkout.session.completed',
    api_version: '2025-03-31.basil',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    data: { object: session },
  };
  const payload = JSON.stringify(event);
  const response = await fetch(`${ingest}/webhooks/stripe`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret }) },
    body: payload,
  });
  console.log(`4. signed checkout.session.completed ${event.id} -> ${response.status} ${await response.text()}`);

  for (let i = 0; i < 50; i++) {
    const outcome = await fetch(`${attribution}/v1/stripe-events/${event.id}`, { headers: { authorization: `Bearer ${keys.sk_test}` } });
    if (outcome.ok) {
      const record = await outcome.json();
      const conversion = await call('GET', `${attribution}/v1/conversions/${record.conversion_id}`, keys.sk_test);
      console.log(`5. ${record.outcome}: conversion ${conversion.id} for partner ${conversion.partner_id}, ${conversion.amount_cents} ${conversion.currency}`);
      // The timer is cleared once the webhook is in: a pending one would hold the process open for its 10 s.
      let timer;
      const delivered = await Promise.race([
        receiver.events.size ? [...receiver.events.values()][0] : receiver.next(),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('no webhook within 10 s')), 10_000))),
      ]).finally(() => clearTimeout(timer));
      console.log(`6. signed webhook received and verified: ${delivered.type} ${delivered.id} for conversion ${delivered.conversion.id}`);
      const lead = await call('POST', `${ingest}/api/v1/conversions`, keys.sk_test, {
        click_id: click.click_id,
        external_transaction_id: `lead_${randomBytes(6).toString('hex')}`,
        event_type: 'lead',
      });
      console.log(`7. Conversion API: ${lead.event_type} ${lead.id} for partner ${lead.partner_id}`);
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the conversion did not appear within 5 s; see .selgeo/logs/attribution.log');
}

main().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
