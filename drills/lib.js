// Shared plumbing for the fault drills: a known history, a client that delivers like Stripe
// (retrying every non-2xx with backoff), and the check of the final conversions against it.
const { randomUUID } = require('node:crypto');
const Stripe = require('stripe');
const { connect, JSONCodec } = require('nats');
const { Client } = require('pg');
const { waitConsumerIdle, readSubject, startService, stopChild, natsServers } = require('../bench/lib');

const json = JSONCodec();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Each customer: a click, a Checkout subscription, its first invoice and two renewals, in one of
 * `currencies` (in turn; the same amounts in each currency's minor units).
 */
function history(customersCount, t0 = Math.floor(Date.now() / 1000), { currencies = ['usd'] } = {}) {
  const customers = [];
  const events = [];
  for (let i = 0; i < customersCount; i++) {
    const currency = currencies[i % currencies.length];
    const c = { click: randomUUID(), partner: randomUUID(), customer: `cus_d${i}`, sub: `sub_d${i}`, session: `cs_test_d${i}`, first: `in_d${i}_0`, currency };
    customers.push(c);
    const invoice = (n) => ({
      id: n ? `in_d${i}_${n}` : c.first,
      object: 'invoice',
      customer: c.customer,
      billing_reason: n ? 'subscription_cycle' : 'subscription_create',
      status: 'paid',
      amount_paid: n ? 2900 : 4900,
      currency,
      livemode: false,
      metadata: {},
      parent: { type: 'subscription_details', subscription_details: { subscription: c.sub, metadata: {} } },
    });
    events.push({
      type: 'checkout.session.completed',
      created: t0,
      object: {
        id: c.session,
        object: 'checkout.session',
        mode: 'subscription',
        payment_status: 'paid',
        status: 'complete',
        client_reference_id: c.click,
        metadata: {},
        customer: c.customer,
        subscription: c.sub,
        invoice: c.first,
        amount_total: 4900,
        currency,
        livemode: false,
      },
    });
    events.push({ type: 'invoice.paid', created: t0, object: invoice(0) });
    events.push({ type: 'invoice.paid', created: t0 + 30 * 86400, object: invoice(1) });
    events.push({ type: 'invoice.paid', created: t0 + 60 * 86400, object: invoice(2) });
  }
  events.forEach((e, n) => (e.id = `evt_drill_${n}`));
  return { customers, events };
}

/** The clicks the history's sales name, placed in the clicks stream as tracking would. */
async function publishClicks(env, customers) {
  const nc = await connect({ servers: natsServers(env.NATS_URL) });
  const js = nc.jetstream();
  const now = new Date().toISOString();
  const later = new Date(Date.now() + 86400e3).toISOString();
  for (const c of customers) {
    await js.publish(
      `${env.SELGEO_NAMESPACE}.click.recorded`,
      json.encode({
        click_id: c.click,
        workspace_id: env.DEFAULT_WORKSPACE_ID,
        mode: 'test',
        partner_id: c.partner,
        referral_token: 'drill',
        clicked_at: now,
        expires_at: later,
        source: 'snippet',
        landing_url: null,
        referrer: null,
        user_agent: null,
      }),
      { msgID: c.click },
    );
  }
  await nc.close();
}

/** Counts a non-2xx answer by status; a 503 without `Retry-After` apart, as `503 without Retry-After`. */
function countRefusal(refused, response) {
  const key = response.status === 503 && !response.headers.get('retry-after') ? '503 without Retry-After' : response.status;
  refused[key] = (refused[key] ?? 0) + 1;
}

/** Delivers one event like Stripe: until a 2xx, retrying with backoff. Returns the answers that were not 2xx. */
async function deliver(url, secret, event, refused) {
  const body = JSON.stringify({
    id: event.id,
    object: 'event',
    type: event.type,
    api_version: '2025-03-31.basil',
    created: event.created,
    livemode: false,
    data: { object: event.object },
  });
  for (let attempt = 0; ; attempt++) {
    try {
      const r = await fetch(url, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload: body, secret }) },
      });
      if (r.ok) return;
      countRefusal(refused, r);
    } catch {
      refused.unreachable = (refused.unreachable ?? 0) + 1;
    }
    await sleep(Math.min(2000, 100 * 2 ** attempt));
  }
}

/** Delivers the whole history with `parallel` concurrent clients, pacing each delivery by `paceMs`. */
async function deliverAll(url, secret, events, { parallel = 8, paceMs = 0 } = {}) {
  const refused = {};
  const queue = [...events];
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let e = queue.shift(); e; e = queue.shift()) {
        await deliver(url, secret, e, refused);
        if (paceMs) await sleep(paceMs);
      }
    }),
  );
  return refused;
}

function waitDrained(env, timeoutMs = 180_000) {
  return waitConsumerIdle(env, 'STRIPE_EVENTS', 'attribution-stripe-events', timeoutMs);
}

/** Every customer has exactly its initial sale and two renewals, for its click's partner (Conversion API reports aside). */
async function verify(env, customers, eventCount) {
  const db = new Client({ connectionString: env.DATABASE_URL });
  await db.connect();
  const { rows } = await db.query(
    `SELECT stripe_customer_id, partner_id, kind, status FROM attribution.conversions WHERE workspace_id = $1 AND external_transaction_id IS NULL`,
    [env.DEFAULT_WORKSPACE_ID],
  );
  const ledger = (await db.query(`SELECT count(*)::int AS n FROM attribution.stripe_events WHERE workspace_id = $1`, [env.DEFAULT_WORKSPACE_ID])).rows[0].n;
  await db.end();
  const problems = [];
  const byCustomer = new Map(customers.map((c) => [c.customer, []]));
  for (const row of rows) byCustomer.get(row.stripe_customer_id)?.push(row) ?? problems.push(`unexpected conversion for ${row.stripe_customer_id}`);
  for (const c of customers) {
    const got = byCustomer.get(c.customer);
    const initial = got.filter((r) => r.kind === 'initial').length;
    const renewals = got.filter((r) => r.kind === 'renewal').length;
    if (initial !== 1 || renewals !== 2) problems.push(`${c.customer}: ${initial} initial, ${renewals} renewals (expected 1 and 2)`);
    if (got.some((r) => r.partner_id !== c.partner || r.status !== 'converted')) problems.push(`${c.customer}: wrong partner or status`);
  }
  if (ledger !== eventCount) problems.push(`ledger has ${ledger} events, expected ${eventCount}`);
  console.log(`conversions: ${rows.length} (expected ${customers.length * 3}); problems: ${problems.length}`);
  problems.slice(0, 10).forEach((p) => console.log(`  ${p}`));
  return problems.length === 0;
}

/**
 * A stream's subject holds one event per expected id (`idOf` names it): none missing, none twice.
 * Waits for the stream to settle first: a relay publishes what a killed instance had not.
 */
async function verifyAnnounced(env, { stream, subject, idOf, ids, noun, timeoutMs = 60_000 }) {
  const started = Date.now();
  let announced;
  for (;;) {
    // A JetStream API timeout while a cluster elects a leader: read again.
    announced = (await readSubject(env, stream, subject).catch(() => [])).map(idOf);
    if (announced.length >= ids.length || Date.now() - started > timeoutMs) break;
    await sleep(500);
  }
  const unique = new Set(announced);
  const missing = ids.filter((id) => !unique.has(id)).length;
  const twice = announced.length - unique.size;
  console.log(`announcements: ${announced.length} ${subject} on the ${stream} stream for ${ids.length} ${noun}; missing ${missing}, twice ${twice}`);
  return missing === 0 && twice === 0 && unique.size === ids.length;
}

/**
 * SIGKILLs `running.service` (a started `name`) `kills` times at random moments, every 0.3-1.5 s,
 * starting it again up to half a second later; `running.service` is always the latest. Resolves
 * with the number of kills.
 */
async function killAtRandom(env, name, running, kills) {
  let done = 0;
  while (done < kills) {
    await sleep(300 + Math.random() * 1200);
    await stopChild(running.service.child, 'SIGKILL');
    done++;
    await sleep(Math.random() * 500);
    running.service = await startService(name, env);
  }
  return done;
}

/** The ids of the drill workspace's conversions. */
async function conversionIds(env) {
  const db = new Client({ connectionString: env.DATABASE_URL });
  await db.connect();
  try {
    return (await db.query(`SELECT id FROM attribution.conversions WHERE workspace_id = $1`, [env.DEFAULT_WORKSPACE_ID])).rows.map((r) => r.id);
  } finally {
    await db.end();
  }
}

/** Every conversion's conversion.created event reached the receiver, validly signed. */
async function verifyWebhooks(ids, receiver, timeoutMs = 120_000) {
  const started = Date.now();
  let missing;
  do {
    const received = new Set([...receiver.events.values()].filter((e) => e.type === 'conversion.created').map((e) => e.conversion.id));
    missing = ids.filter((id) => !received.has(id));
    if (missing.length) await sleep(250);
  } while (missing.length && Date.now() - started < timeoutMs);
  const duplicates = [...receiver.accepted.values()].filter((n) => n > 1).length;
  const invalid = receiver.requests.filter((r) => !r.signatureValid).length;
  console.log(
    `webhooks: ${receiver.accepted.size} events accepted for ${ids.length} conversions in ${receiver.requests.length} requests; ` +
      `missing ${missing.length}, invalid signatures ${invalid}, events received twice (deduplicated by id) ${duplicates}`,
  );
  return missing.length === 0 && invalid === 0 && receiver.accepted.size === ids.length;
}

/** The CONVERSIONS stream holds one conversion.created per conversion: none missing, none twice. */
function verifyAnnouncements(env, ids) {
  return verifyAnnounced(env, { stream: 'CONVERSIONS', subject: 'conversion.created', idOf: (e) => e.conversion.id, ids, noun: 'conversions' });
}

module.exports = {
  killAtRandom,
  verifyAnnounced,
  verifyAnnouncements,
  conversionIds,
  verifyWebhooks,
  history,
  publishClicks,
  countRefusal,
  deliver,
  deliverAll,
  waitDrained,
  verify,
  sleep,
};
