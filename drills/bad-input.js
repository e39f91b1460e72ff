// Bad-input drill: DRILL_REQUESTS (default 10,000) mutated requests against the Stripe webhook
// gateway, the click endpoint, the Conversion API and the webhook endpoints API. Expected: zero
// 5xx, every service alive and ready afterwards, nothing stored from an invalid request (no click,
// no conversion, no webhook endpoint), and no conversion from the signed-but-unattributable events.
const { randomBytes, randomUUID } = require('node:crypto');
const Stripe = require('stripe');
const { connect } = require('nats');
const { Client } = require('pg');
const { run, benchEnv, prepare, bootstrapWorkspace, startService, natsServers } = require('../bench/lib');
const { sleep } = require('./lib');

const REQUESTS = Number(process.env.DRILL_REQUESTS ?? 10_000);
const now = () => Math.floor(Date.now() / 1000);
const pick = (list) => list[Math.floor(Math.random() * list.length)];
/** Random bytes as text: any code point in bodies; only what HTTP allows in header values. */
const junk = (n) => randomBytes(n).toString(pick(['hex', 'base64', 'latin1']));
const headerJunk = (n) => randomBytes(n).toString(pick(['hex', 'base64']));

function checkout(extra = {}) {
  const id = randomBytes(8).toString('hex');
  return {
    id: `evt_bad_${id}`,
    object: 'event',
    type: 'checkout.session.completed',
    created: now(),
    livemode: false,
    data: {
      object: {
        id: `cs_test_${id}`,
        object: 'checkout.session',
        mode: 'payment',
        payment_status: 'paid',
        customer: null,
        amount_total: 100,
        currency: 'usd',
        ...extra,
      },
    },
  };
}

/** Webhook mutations. `stores` marks signed, well-formed events the gateway must accept and attribution must not attribute. */
function webhookMutation(secret) {
  const sign = (body, timestamp) => Stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp });
  const good = JSON.stringify(checkout());
  const families = [
    () => ({ body: good, headers: { 'stripe-signature': `t=${now()},v1=${randomBytes(32).toString('hex')}` } }),
    () => ({ body: good, headers: { 'stripe-signature': sign(good, now() - 301 - Math.floor(Math.random() * 1e6)) } }),
    () => ({ body: good, headers: { 'stripe-signature': sign(good, now() + 301 + Math.floor(Math.random() * 1e6)) } }),
    () => ({ body: good, headers: { 'stripe-signature': headerJunk(40) } }),
    () => ({ body: good, headers: {} }),
    () => ({ body: good.slice(0, Math.floor(Math.random() * good.length)), headers: { 'stripe-signature': sign(good) } }),
    () => {
      const truncated = good.slice(0, 1 + Math.floor(Math.random() * (good.length - 2)));
      return { body: truncated, headers: { 'stripe-signature': sign(truncated) } };
    },
    () => ({ body: junk(200), headers: { 'stripe-signature': sign('x') } }),
    () => {
      const huge = JSON.stringify(checkout({ metadata: { blob: 'x'.repeat(1_100_000) } }));
      return { body: huge, headers: { 'stripe-signature': sign(huge) } };
    },
    () => {
      const wrongTypes = {
        id: [123, null, [], {}, true, '', 'evt with spaces', 'x'.repeat(300)],
        type: [123, null, [], {}, true, '', 'Checkout Session!'],
        livemode: [123, null, 'yes', [], {}],
        created: [null, 'yes', [], {}, true, 1.5, 1e300],
        data: [null, 'yes', [], 123, {}, { object: null }, { object: [] }, { object: 'x' }],
      };
      const field = pick(Object.keys(wrongTypes));
      const wrong = JSON.stringify({ ...checkout(), [field]: pick(wrongTypes[field]) });
      return { body: wrong, headers: { 'stripe-signature': sign(wrong) } };
    },
    () => {
      const proto = `{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"id":"evt_x","type":"checkout.session.completed","livemode":false,"created":"1","data":{"object":{"id":"cs_x"}}}`;
      return { body: proto, headers: { 'stripe-signature': sign(proto) } };
    },
    () => ({
      body: good,
      headers: { 'stripe-signature': sign(good), 'content-type': pick(['text/plain', 'application/x-www-form-urlencoded', 'application/octet-stream']) },
    }),
    () => ({ body: '', headers: { 'stripe-signature': sign('') } }),
    () => {
      const deep = '['.repeat(5000) + ']'.repeat(5000);
      return { body: deep, headers: { 'stripe-signature': sign(deep) } };
    },
    // Issue 16: a header with two timestamps, the far-future one last (Stripe's verifier reads the last).
    () => {
      const v1 = require('node:crypto')
        .createHmac('sha256', secret)
        .update(`${now() + 1e8}.${good}`)
        .digest('hex');
      return { body: good, headers: { 'stripe-signature': `t=${now()},t=${now() + 1e8},v1=${v1}` } };
    },
    // Issue 16: signed events that could never be processed (dates, ids, amounts, currencies, promo codes, NUL).
    () => {
      const bad = pick([
        { ...checkout(), created: pick([1e15, 5, -1, 4102444801]) },
        { ...checkout(), id: pick(['evt_\u0000x', 'evt\u0000']) },
        checkout({ id: pick([undefined, 7, null, '', 'cs_\u0000x', 'x'.repeat(300)]) }),
        checkout({ amount_total: pick([-1, -4900, 1.5, '100']) }),
        checkout({ currency: pick(['u'.repeat(5000), 'usdx', 12]) }),
        checkout({ metadata: { aff_promo_code: 'P'.repeat(65 + Math.floor(Math.random() * 5000)) } }),
        checkout({ customer_details: { name: 'a\u0000b' } }),
      ]);
      const body = JSON.stringify(bad).replace(/\\\\u0000/g, '\\u0000');
      return { body, headers: { 'stripe-signature': sign(body) } };
    },
    () => {
      const deep = JSON.stringify(checkout({ deep: 'DEEP' })).replace('"DEEP"', '['.repeat(10_000) + ']'.repeat(10_000));
      return { body: deep, headers: { 'stripe-signature': sign(deep) } };
    },
    // Signed and well formed, but with nothing to attribute: accepted (2xx), never a conversion.
    () => {
      const body = JSON.stringify(
        checkout({
          client_reference_id: pick(['not-a-uuid', '', '{' + randomUUID() + '}', randomUUID().slice(0, 30)]),
          metadata: { aff_click_id: pick(['', 'x'.repeat(500), '../../etc', randomUUID()]), unknown_field: junk(20) },
        }),
      );
      return { body, headers: { 'stripe-signature': sign(body) }, stores: true };
    },
    // Issue 17: money coming back. Well formed but of no sale: kept (stored), never a conversion.
    () => {
      const charge = { id: `ch_bad_${randomBytes(8).toString('hex')}`, object: 'charge', amount: 4900, amount_refunded: 1500, currency: 'usd' };
      const body = JSON.stringify({
        ...checkout(),
        type: 'charge.refunded',
        data: { object: { ...charge, payment_intent: `pi_bad_${randomUUID().slice(0, 8)}` } },
      });
      return { body, headers: { 'stripe-signature': sign(body) }, stores: true };
    },
    // Refunds and disputes nothing could store or read: refused with 400.
    () => {
      const type = pick(['charge.refunded', 'charge.dispute.closed', 'invoice_payment.paid']);
      const object = pick([
        { id: 'ch_bad_1', object: 'charge', amount_refunded: pick([-1, 1.5, '100', 1e300]) },
        { id: 'dp_bad_1', object: 'dispute', charge: pick(['ch bad', 7, '\u0000']), status: 'lost' },
        { id: 'inpay_bad_1', object: 'invoice_payment', payment: { payment_intent: pick(['pi bad', 12, 'x'.repeat(300)]) } },
        { ...checkout().data.object },
      ]);
      const body = JSON.stringify({ ...checkout(), type, data: { object } });
      return { body, headers: { 'stripe-signature': sign(body) } };
    },
    () => {
      const body = JSON.stringify({
        ...checkout(),
        type: pick(['customer.created', 'payment_intent.succeeded', 'charge.captured']),
        extra: { nested: junk(10) },
      });
      return { body, headers: { 'stripe-signature': sign(body) } };
    },
  ];
  return pick(families)();
}

function clickMutation(keys) {
  const families = [
    () => ({ body: JSON.stringify({}), key: keys.pk_test }),
    () => ({ body: JSON.stringify({ token: pick([123, null, [], {}, true]) }), key: keys.pk_test }),
    () => ({ body: JSON.stringify({ token: 'x'.repeat(65 + Math.floor(Math.random() * 5000)) }), key: keys.pk_test }),
    () => ({ body: JSON.stringify({ token: junk(12) }), key: keys.pk_test }),
    () => ({
      body: JSON.stringify({ token: 'known-token' }),
      key: pick([undefined, 'pk_test_short', `pk_test_${'A'.repeat(32)}`, keys.sk_test, headerJunk(30)]),
    }),
    () => ({ body: junk(100), key: keys.pk_test }),
    () => ({ body: JSON.stringify({ token: 'known-token', landing_url: 'x'.repeat(3000) }), key: keys.pk_test }),
    () => ({ body: JSON.stringify({ token: 'known-token' }), key: keys.pk_live }),
    () => ({ body: `{"token":"unknown-token","publishable_key":${JSON.stringify(keys.pk_test)},"__proto__":{"x":1}}`, contentType: 'text/plain' }),
    () => ({ body: JSON.stringify({ token: `known\u0000token`, landing_url: `https://x/\u0000` }), key: keys.pk_test }),
    () => ({ body: 'x'.repeat(1_100_000), key: keys.pk_test }),
    // Issue 16: nesting that overflowed the stack, as JSON and as the snippet's text/plain.
    () => ({ body: '['.repeat(10_000) + ']'.repeat(10_000), key: keys.pk_test, contentType: pick(['application/json', 'text/plain']) }),
    () => ({ body: `{"token":"known-token","landing_url":${'['.repeat(10_000)}${']'.repeat(10_000)}}`, key: keys.pk_test }),
  ];
  return pick(families)();
}

function conversionMutation(keys) {
  const valid = () => ({
    click_id: randomUUID(),
    external_transaction_id: `o_${randomBytes(6).toString('hex')}`,
    event_type: 'sale',
    amount_cents: 100,
    currency: 'usd',
  });
  const wrongTypes = {
    click_id: [123, [], {}, true, 'not-a-uuid', randomUUID().slice(1), `${randomUUID()}x`, 'x'.repeat(5000)],
    promo_code: [123, [], {}, true, '!', 'x'.repeat(65)],
    external_transaction_id: [123, null, [], {}, true, '', '   ', 'x'.repeat(256)],
    event_type: [123, null, [], {}, '', 'Sale', 'big sale', 'x'.repeat(65)],
    amount_cents: ['100', null, [], {}, -1, 1.5, 1e300, Number.MAX_SAFE_INTEGER + 2],
    currency: [123, [], {}, 'usdx', 'zzz', 'u$d'],
    occurred_at: [123, [], {}, 'yesterday', '2026-13-01T00:00:00Z', '2026-01-01', '2999-01-01T00:00:00Z'],
  };
  const families = [
    () => {
      const field = pick(Object.keys(wrongTypes));
      return { body: JSON.stringify({ ...valid(), [field]: pick(wrongTypes[field]) }), key: keys.sk_test };
    },
    () => {
      const body = valid();
      delete body[pick(['click_id', 'external_transaction_id', 'event_type', 'currency'])];
      return { body: JSON.stringify(body), key: keys.sk_test };
    },
    () => ({ body: JSON.stringify({ ...valid(), [junk(6)]: junk(6) }), key: keys.sk_test }),
    () => ({ body: JSON.stringify({ ...valid(), external_transaction_id: `o\u0000${junk(4)}` }), key: keys.sk_test }),
    () => ({ body: junk(200), key: keys.sk_test }),
    () => ({ body: pick(['[]', 'null', '1', '"x"', '']), key: keys.sk_test }),
    () => ({ body: JSON.stringify(valid()), key: pick([undefined, keys.pk_test, 'sk_test_short', `sk_test_${'A'.repeat(32)}`, headerJunk(30)]) }),
    // Well formed, but naming no click: 422, nothing stored.
    () => ({ body: JSON.stringify(valid()), key: pick([keys.sk_test, keys.sk_live]) }),
    () => ({ body: JSON.stringify({ ...valid(), click_id: undefined, promo_code: `NOPE${randomBytes(3).toString('hex')}` }), key: keys.sk_test }),
    () => ({ body: JSON.stringify({ ...valid(), padding: 'x'.repeat(1_100_000) }), key: keys.sk_test }),
    // Issue 17: refunds of transactions never reported (404) or malformed (400): nothing changes.
    () => ({
      path: '/api/v1/conversions/refunds',
      body: JSON.stringify({
        external_transaction_id: pick([`o_${randomBytes(6).toString('hex')}`, 123, null, '', 'x'.repeat(256)]),
        amount_refunded_cents: pick([100, -1, 1.5, '100', null, 1e300]),
      }),
      key: keys.sk_test,
    }),
  ];
  return pick(families)();
}

function webhookEndpointMutation(keys) {
  const families = [
    () => ({
      body: JSON.stringify({
        url: pick([123, null, [], '', 'not a url', 'ftp://x', 'javascript:alert(1)', 'http://user:pw@127.0.0.1/', `https://${'x'.repeat(3000)}`]),
      }),
      key: keys.sk_test,
    }),
    () => ({ body: JSON.stringify({ url: 'http://127.0.0.1:9/live' }), key: keys.sk_live }),
    () => ({
      body: JSON.stringify({ url: 'https://127.0.0.1:9/', enabled_events: pick([[], 'conversion.created', ['charge.succeeded'], [1], null]) }),
      key: keys.sk_test,
    }),
    () => ({ body: JSON.stringify({ url: 'https://127.0.0.1:9/', description: pick([1, [], 'x'.repeat(501)]), [junk(5)]: 1 }), key: keys.sk_test }),
    () => ({ body: JSON.stringify({ url: 'https://127.0.0.1:9/' }), key: pick([undefined, keys.pk_test, headerJunk(20)]) }),
    () => ({ body: junk(100), key: keys.sk_test }),
    // Issue 16: internal destinations (SSRF), in every notation; refused even where loopback receivers are allowed.
    () => ({
      body: JSON.stringify({
        url: pick([
          'http://169.254.169.254/latest/meta-data/',
          'http://0251.0376.0251.0376/',
          'http://2852039166/',
          'http://[::ffff:a9fe:a9fe]/',
          'http://10.0.0.1/',
          'http://192.168.0.1:8080/',
          'http://[fd00::1]/',
          'http://0.0.0.0/',
          'http://[fe80::1]/',
          'http://intranet/',
        ]),
      }),
      key: keys.sk_test,
    }),
    () => ({ body: '{"url":' + '['.repeat(10_000) + ']'.repeat(10_000) + '}', key: keys.sk_test }),
  ];
  return pick(families)();
}

async function main() {
  const env = benchEnv({}, 'drill');
  prepare(env);
  const keys = bootstrapWorkspace(env);
  const tracking = await startService('tracking', env);
  const ingest = await startService('webhook-ingest', env);
  const attribution = await startService('attribution', env);
  // A real token that live keys and malformed requests must still not reach.
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${keys.sk_test}` };
  const partner = await (
    await fetch(`${tracking.url}/v1/partners`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'Drill', destination_url: 'https://shop.example.com/' }),
    })
  ).json();
  await fetch(`${tracking.url}/v1/partners/${partner.id}/referral-tokens`, { method: 'POST', headers, body: JSON.stringify({ token: 'known-token' }) });

  const statuses = {};
  let accepted = 0;
  let count = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (count < REQUESTS) {
        count++;
        let response;
        const dice = Math.random();
        const failed = (e) => ({ status: `error:${e.cause?.code ?? e.message}` });
        const post = (url, m) =>
          fetch(url, {
            method: 'POST',
            body: m.body,
            headers: { 'content-type': m.contentType ?? 'application/json', ...(m.key ? { authorization: `Bearer ${m.key}` } : {}) },
          }).catch(failed);
        if (dice < 0.45) {
          const m = webhookMutation(env.STRIPE_WEBHOOK_SECRETS);
          response = await fetch(`${ingest.url}/webhooks/stripe`, {
            method: 'POST',
            body: m.body,
            headers: { 'content-type': 'application/json', ...m.headers },
          }).catch(failed);
          if (m.stores && response.status === 200) accepted++;
        } else if (dice < 0.65) {
          response = await post(`${tracking.url}/v1/clicks`, clickMutation(keys));
        } else if (dice < 0.9) {
          const m = conversionMutation(keys);
          response = await post(`${ingest.url}${m.path ?? '/api/v1/conversions'}`, m);
        } else {
          response = await post(`${attribution.url}/v1/webhook-endpoints`, webhookEndpointMutation(keys));
        }
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      }
    }),
  );
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  await sleep(1500);

  const nc = await connect({ servers: natsServers(env.NATS_URL) });
  const jsm = await nc.jetstreamManager();
  const stored = async (s) => (await jsm.streams.info(`${env.SELGEO_NAMESPACE.toUpperCase()}_${s}`)).state.messages;
  const storedEvents = await stored('STRIPE_EVENTS');
  const storedClicks = await stored('CLICKS');
  await nc.close();
  const db = new Client({ connectionString: env.DATABASE_URL });
  await db.connect();
  const conversions = (await db.query(`SELECT count(*)::int AS n FROM attribution.conversions WHERE workspace_id = $1`, [env.DEFAULT_WORKSPACE_ID])).rows[0].n;
  const endpoints = (await db.query(`SELECT count(*)::int AS n FROM attribution.webhook_endpoints WHERE workspace_id = $1`, [env.DEFAULT_WORKSPACE_ID])).rows[0]
    .n;
  await db.end();
  const alive = await Promise.all([tracking, ingest, attribution].map(async (s) => s.child.exitCode === null && (await fetch(`${s.url}/health/ready`)).ok));

  // A 1.1 MB upload is refused with 413 and the connection closed, which the uploading client can see
  // as EPIPE / ECONNRESET before it reads the answer: that is the server refusing, not failing.
  const fiveHundreds = Object.entries(statuses)
    .filter(([s]) => !/^[1-4]\d\d$/.test(s) && !/^error:(EPIPE|ECONNRESET)$/.test(s))
    .reduce((n, [, c]) => n + c, 0);
  console.log(`${REQUESTS} mutated requests in ${seconds} s; answers: ${JSON.stringify(statuses)}`);
  console.log(`5xx or transport errors: ${fiveHundreds}; services alive and ready: ${alive.every(Boolean)}`);
  console.log(
    `stored: ${storedEvents} Stripe events (expected ${accepted}: the signed, well-formed but unattributable ones), ${storedClicks} clicks (expected 0); conversions: ${conversions} (expected 0); webhook endpoints: ${endpoints} (expected 0)`,
  );
  const ok = fiveHundreds === 0 && alive.every(Boolean) && storedEvents === accepted && storedClicks === 0 && conversions === 0 && endpoints === 0;
  console.log(ok ? 'drill passed' : 'DRILL FAILED');
  process.exitCode = ok ? 0 : 1;
}

run(main);
