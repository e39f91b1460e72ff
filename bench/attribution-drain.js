// Benchmark 3: attribution drain. A backlog of 100,000 Stripe events (checkouts, initial invoices
// and renewals over 10,000 customers) is placed in JetStream exactly as the gateway stores them,
// then one attribution instance is started and timed until it has consumed everything; the
// conversions are then checked against the history. Target: at least 2,000 events/s.
const { randomUUID } = require('node:crypto');
const { connect, JSONCodec } = require('nats');
const { Client } = require('pg');
const {
  benchNats,
  run,
  cpuMeter,
  pendingOf,
  benchEnv,
  prepare,
  bootstrapWorkspace,
  startService,
  waitConsumerIdle,
  drainBaseline,
  dropNamespace,
  natsServers,
} = require('./lib');

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 10_000);
const EVENTS_PER_CUSTOMER = 10;
const json = JSONCodec();

/** Each customer: a click, then 10 events; 60% buy through Checkout, 40% through an invoice with aff_click_id. */
function history(workspaceId, t0, customers = CUSTOMERS) {
  const clicks = [];
  const events = [];
  let expected = 0;
  for (let i = 0; i < customers; i++) {
    const clickId = randomUUID();
    const partnerId = randomUUID();
    clicks.push({
      click_id: clickId,
      workspace_id: workspaceId,
      mode: 'test',
      partner_id: partnerId,
      referral_token: `tok${i}`,
      clicked_at: new Date(t0 * 1000).toISOString(),
      expires_at: new Date((t0 + 90 * 86400) * 1000).toISOString(),
      source: 'snippet',
      landing_url: null,
      referrer: null,
      user_agent: null,
    });
    const ids = { customer: `cus_b${i}`, subscription: `sub_b${i}`, first: `in_b${i}_0`, session: `cs_test_b${i}` };
    const invoice = (n, extra = {}) => ({
      id: n === 0 ? ids.first : `in_b${i}_${n}`,
      object: 'invoice',
      customer: ids.customer,
      billing_reason: n === 0 ? 'subscription_create' : 'subscription_cycle',
      status: 'paid',
      amount_paid: n === 0 ? 4900 : 2900,
      currency: 'usd',
      livemode: false,
      metadata: {},
      parent: { type: 'subscription_details', subscription_details: { subscription: ids.subscription, metadata: {} } },
      ...extra,
    });
    const push = (type, object, at) => events.push({ id: `evt_b${i}_${events.length}`, type, object, created: at });
    if (i % 10 < 6) {
      push(
        'checkout.session.completed',
        {
          id: ids.session,
          object: 'checkout.session',
          mode: 'subscription',
          payment_status: 'paid',
          status: 'complete',
          client_reference_id: clickId,
          metadata: {},
          customer: ids.customer,
          subscription: ids.subscription,
          invoice: ids.first,
          amount_total: 4900,
          currency: 'usd',
          livemode: false,
        },
        t0,
      );
      push('invoice.paid', invoice(0), t0);
      for (let n = 1; n <= EVENTS_PER_CUSTOMER - 2; n++) push('invoice.paid', invoice(n), t0 + n * 30 * 86400);
      expected += 1 + (EVENTS_PER_CUSTOMER - 2);
    } else {
      push('invoice.paid', invoice(0, { metadata: { aff_click_id: clickId } }), t0);
      for (let n = 1; n <= EVENTS_PER_CUSTOMER - 1; n++) push('invoice.paid', invoice(n), t0 + n * 30 * 86400);
      expected += EVENTS_PER_CUSTOMER;
    }
  }
  // Stripe's order: by time, customers interleaved.
  events.sort((a, b) => a.created - b.created);
  return { clicks, events, expected };
}

async function publishAll(js, subjectOf, messages, msgIdOf) {
  const WINDOW = 2000;
  for (let i = 0; i < messages.length; i += WINDOW) {
    await Promise.all(messages.slice(i, i + WINDOW).map((m) => js.publish(subjectOf(m), json.encode(m), { msgID: msgIdOf(m) })));
  }
}

/**
 * Places the history's clicks and Stripe events in JetStream exactly as tracking and the gateway
 * store them (the workspace must exist: `bootstrapWorkspace`). Also the backlog of
 * bench/commissions-drain.js.
 */
async function storeBacklog(env, customers = CUSTOMERS) {
  const ns = env.SELGEO_NAMESPACE;
  const workspaceId = env.DEFAULT_WORKSPACE_ID;
  const t0 = Math.floor(Date.now() / 1000);
  const { clicks, events, expected } = history(workspaceId, t0, customers);
  const nc = await connect({ servers: natsServers(env.NATS_URL) });
  try {
    const js = nc.jetstream({ timeout: 30_000 });
    const started = Date.now();
    await publishAll(
      js,
      () => `${ns}.click.recorded`,
      clicks,
      (c) => c.click_id,
    );
    const receivedAt = new Date().toISOString();
    const envelope = (e) => ({
      workspace_id: workspaceId,
      mode: 'test',
      received_at: receivedAt,
      event: { id: e.id, object: 'event', type: e.type, api_version: '2025-03-31.basil', created: e.created, livemode: false, data: { object: e.object } },
    });
    await publishAll(
      js,
      (e) => `${ns}.stripe.event.${e.event.type}`,
      events.map(envelope),
      (e) => `${workspaceId}:${e.event.id}`,
    );
    console.log(`backlog: ${clicks.length} clicks and ${events.length} Stripe events stored in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await nc.close();
  }
  return { t0, clicks, events, expected };
}

async function main() {
  const env = benchEnv(await benchNats());
  prepare(env);
  bootstrapWorkspace(env); // migrations, streams
  const workspaceId = env.DEFAULT_WORKSPACE_ID;
  const { events, expected } = await storeBacklog(env);
  const envelopes = events.length;

  const baseline = await drainBaseline(env, 'STRIPE_EVENTS', `${env.SELGEO_NAMESPACE}.stripe.event.>`);

  const started = Date.now();
  const attribution = await startService('attribution', env);
  // The rate once the instance is up: start-up (Nest, connections) is not draining.
  const readyAt = Date.now();
  const leftAtReady = await pendingOf(env, 'STRIPE_EVENTS', 'attribution-stripe-events');
  const cpu = cpuMeter({ attribution: attribution.child.pid });
  await waitConsumerIdle(env, 'STRIPE_EVENTS', 'attribution-stripe-events');
  const seconds = (Date.now() - started) / 1000;
  const steadyRate = leftAtReady / ((Date.now() - readyAt) / 1000);
  const cpuLine = cpu.perEvent(events.length);
  await attribution.stop();

  const db = new Client({ connectionString: env.DATABASE_URL });
  await db.connect();
  const {
    rows: [counts],
  } = await db.query(
    `SELECT (SELECT count(*) FROM attribution.conversions WHERE workspace_id = $1)::int AS conversions,
            (SELECT count(*) FROM attribution.stripe_events WHERE workspace_id = $1)::int AS events,
            (SELECT count(*) FROM attribution.conversions WHERE workspace_id = $1 AND kind = 'renewal')::int AS renewals`,
    [workspaceId],
  );
  await db.end();
  await dropNamespace(env);

  console.log(`baseline (pull and ack only, same stream): ${baseline.toFixed(0)} events/s`);
  console.log(
    `drained ${envelopes} events in ${seconds.toFixed(1)} s (including start-up): ${(envelopes / seconds).toFixed(0)} events/s with one attribution instance, ${((100 * envelopes) / seconds / baseline).toFixed(0)}% of baseline`,
  );
  console.log(`from the instance's readiness: ${leftAtReady} events left, drained at ${steadyRate.toFixed(0)} events/s`);
  console.log(cpuLine);
  console.log(`conversions: ${counts.conversions} (expected ${expected}; ${counts.renewals} renewals), ledger rows: ${counts.events} (expected ${envelopes})`);
  const correct = counts.conversions === expected && counts.events === envelopes;
  console.log(`result ${correct ? 'matches' : 'DOES NOT MATCH'} the history; target (>= 2,000 events/s once up): ${steadyRate >= 2000 ? 'met' : 'missed'}`);
  if (!correct) process.exitCode = 1;
}

if (require.main === module) run(main);

module.exports = { history, storeBacklog, EVENTS_PER_CUSTOMER };
