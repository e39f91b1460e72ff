// Fault drill: attribution killed with SIGKILL at random moments (and, with DRILL_REPLICAS=2, a
// second replica on the same durable consumers) while a Stripe-like client delivers a known
// history through the gateway, retrying every non-2xx with backoff. Ends with the conversions
// checked against the history; exits non-zero on any loss or double count.
const { spawn } = require('node:child_process');
const { randomUUID } = require('node:crypto');
const { resolve } = require('node:path');
const Stripe = require('stripe');
const { connect, JSONCodec } = require('nats');
const { Client } = require('pg');
const { benchEnv, prepare, bootstrapWorkspace, startService, stopChild, dropNamespace, root } = require('../bench/lib');

const CUSTOMERS = Number(process.env.DRILL_CUSTOMERS ?? 300);
const KILLS = Number(process.env.DRILL_KILLS ?? 6);
const REPLICAS = Number(process.env.DRILL_REPLICAS ?? 1);
const json = JSONCodec();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function history(t0) {
  const customers = [];
  const events = [];
  for (let i = 0; i < CUSTOMERS; i++) {
    const c = { click: randomUUID(), partner: randomUUID(), customer: `cus_d${i}`, sub: `sub_d${i}`, session: `cs_test_d${i}`, first: `in_d${i}_0` };
    customers.push(c);
    const invoice = (n) => ({ id: n ? `in_d${i}_${n}` : c.first, object: 'invoice', customer: c.customer, billing_reason: n ? 'subscription_cycle' : 'subscription_create', status: 'paid', amount_paid: n ? 2900 : 4900, currency: 'usd', livemode: false, metadata: {}, parent: { type: 'subscription_details', subscription_details: { subscription: c.sub, metadata: {} } } });
    events.push({ type: 'checkout.session.completed', created: t0, object: { id: c.session, object: 'checkout.session', mode: 'subscription', payment_status: 'paid', status: 'complete', client_reference_id: c.click, metadata: {}, customer: c.customer, subscription: c.sub, invoice: c.first, amount_total: 4900, currency: 'usd', livemode: false } });
    events.push({ type: 'invoice.paid', created: t0, object: invoice(0) });
    events.push({ type: 'invoice.paid', created: t0 + 30 * 86400, object: invoice(1) });
    events.push({ type: 'invoice.paid', created: t0 + 60 * 86400, object: invoice(2) });
  }
  events.forEach((e, n) => (e.id = `evt_drill_${n}`));
  return { customers, events };
}

/** Delivers like Stripe: until a 2xx, retrying with backoff. Returns the number of retries. */
async function deliver(url, secret, event) {
  const body = JSON.stringify({ id: event.id, object: 'event', type: event.type, api_version: '2025-03-31.basil', created: event.created, livemode: false, data: { object: event.object } });
  for (let attempt = 0; ; attempt++) {
    try {
      const r = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload: body, secret }) } });
      if (r.ok) return attempt;
    } catch {
      // gateway unreachable: retry
    }
    await sleep(Math.min(2000, 100 * 2 ** attempt));
  }
}

async function main() {
  const env = benchEnv({ SELGEO_NAMESPACE: `drill${Date.now().toString(36)}` });
  env.DEFAULT_WORKSPACE_ID = `ws_${env.SELGEO_NAMESPACE}`;
  prepare(env);
  bootstrapWorkspace(env);
  const { customers, events } = history(Math.floor(Date.now() / 1000));

  const nc = await connect({ servers: env.NATS_URL });
  const js = nc.jetstream();
  const now = new Date().toISOString();
  const later = new Date(Date.now() + 86400e3).toISOString();
  for (const c of customers) {
    await js.publish(`${env.SELGEO_NAMESPACE}.click.recorded`, json.encode({ click_id: c.click, workspace_id: env.DEFAULT_WORKSPACE_ID, mode: 'test', partner_id: c.partner, referral_token: 'drill', clicked_at: now, expires_at: later, source: 'snippet', landing_url: null, referrer: null, user_agent: null }), { msgID: c.click });
  }

  const ingest = await startService('webhook-ingest', env);
  let attribution = await startService('attribution', env);
  const extra = [];
  for (let r = 1; r < REPLICAS; r++) {
    extra.push(spawn(process.execPath, [resolve(root, 'dist/apps/attribution/main.js')], { env: { ...env, ATTRIBUTION_PORT: String(3103 + r) }, stdio: ['ignore', 'ignore', 'inherit'] }));
  }

  let kills = 0;
  const killer = (async () => {
    // Kills continue through the drain too: most of the work happens after delivery.
    while (kills < KILLS) {
      await sleep(300 + Math.random() * 1200);
      await stopChild(attribution.child, 'SIGKILL');
      kills++;
      await sleep(Math.random() * 500);
      attribution = await startService('attribution', env);
    }
  })();

  let retries = 0;
  const started = Date.now();
  const queue = [...events];
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let e = queue.shift(); e; e = queue.shift()) retries += await deliver(`${ingest.url}/webhooks/stripe`, env.STRIPE_WEBHOOK_SECRETS, e);
    }),
  );
  await killer;

  const jsm = await nc.jetstreamManager();
  const deadline = Date.now() + 120_000;
  for (;;) {
    const info = await jsm.consumers.info(`${env.SELGEO_NAMESPACE.toUpperCase()}_STRIPE_EVENTS`, 'attribution-stripe-events');
    if (info.num_pending === 0 && info.num_ack_pending === 0) break;
    if (Date.now() > deadline) throw new Error(`not drained: ${info.num_pending} pending, ${info.num_ack_pending} unacknowledged`);
    await sleep(250);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);

  const db = new Client({ connectionString: env.DATABASE_URL });
  await db.connect();
  const { rows } = await db.query(`SELECT stripe_customer_id, partner_id, kind, status, stripe_invoice_id FROM attribution.conversions WHERE workspace_id = $1`, [env.DEFAULT_WORKSPACE_ID]);
  const ledger = (await db.query(`SELECT count(*)::int AS n FROM attribution.stripe_events WHERE workspace_id = $1`, [env.DEFAULT_WORKSPACE_ID])).rows[0].n;
  await db.end();

  const problems = [];
  const byCustomer = new Map(customers.map((c) => [c.customer, []]));
  for (const row of rows) (byCustomer.get(row.stripe_customer_id) ?? problems).push(row);
  for (const c of customers) {
    const got = byCustomer.get(c.customer);
    const initial = got.filter((r) => r.kind === 'initial');
    const renewals = got.filter((r) => r.kind === 'renewal');
    if (initial.length !== 1 || renewals.length !== 2) problems.push(`${c.customer}: ${initial.length} initial, ${renewals.length} renewals (expected 1 and 2)`);
    if (got.some((r) => r.partner_id !== c.partner || r.status !== 'converted')) problems.push(`${c.customer}: wrong partner or status`);
  }
  if (ledger !== events.length) problems.push(`ledger has ${ledger} events, expected ${events.length}`);

  console.log(`${events.length} events delivered in ${seconds} s (${retries} retried deliveries); attribution SIGKILLed ${kills} times; ${REPLICAS} replica(s)`);
  console.log(`conversions: ${rows.length} (expected ${CUSTOMERS * 3}); problems: ${problems.length}`);
  problems.slice(0, 10).forEach((p) => console.log(`  ${p}`));

  for (const child of extra) await stopChild(child);
  await attribution.stop();
  await ingest.stop();
  await nc.close();
  await dropNamespace(env);
  console.log(problems.length === 0 ? 'drill passed: nothing lost, nothing doubled' : 'DRILL FAILED');
  process.exit(problems.length === 0 ? 0 : 1);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
