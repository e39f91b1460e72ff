// Shared plumbing for the fault drills: a known history, a client that delivers like Stripe
// (retrying every non-2xx with backoff), and the check of the final conversions against it.
const { randomUUID } = require('node:crypto');
const Stripe = require('stripe');
const { connect, JSONCodec } = require('nats');
const { Client } = require('pg');
const { waitConsumerIdle, natsServers } = require('../bench/lib');

const json = JSONCodec();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Each customer: a click, a Checkout subscription, its first invoice and two renewals. */
function history(customersCount, t0 = Math.floor(Date.now() / 1000)) {
  const customers = [];
  const events = [];
  for (let i = 0; i < customersCount; i++) {
    const c = { click: randomUUID(), partner: randomUUID(), customer: `cus_d${i}`, sub: `sub_d${i}`, session: `cs_test_d${i}`, first: `in_d${i}_0` };
    customers.push(c);
    const invoice = (n) => ({
      id: n ? `in_d${i}_${n}` : c.first,
      object: 'invoice',
      customer: c.customer,
      billing_reason: n ? 'subscription_cycle' : 'subscription_create',
      status: 'paid',
      amount_paid: n ? 2900 : 4900,
      currency: 'usd',
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
        currency: 'usd',
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

/**
 * Every message of `subject` on `stream`, read one by one with the stream's message API (no
 * consumer: on a cluster with a node down, a new consumer may be placed on that node and never answer).
 */
async function messagesOn(jsm, stream, subject) {
  const messages = [];
  for (let seq = 0; ;) {
    const message = await jsm.streams.getMessage(stream, { seq, next_by_subj: subject }).catch((err) => {
      if (/no message found/i.test(err.message)) return null;
      throw err;
    });
    if (!message) return messages;
    messages.push(message);
    seq = message.seq + 1;
  }
}

/** The CONVERSIONS stream holds one conversion.created per conversion: none missing, none twice. */
async function verifyAnnouncements(env, ids, timeoutMs = 60_000) {
  const nc = await connect({ servers: natsServers(env.NATS_URL) });
  const stream = `${env.SELGEO_NAMESPACE.toUpperCase()}_CONVERSIONS`;
  const subject = `${env.SELGEO_NAMESPACE}.conversion.created`;
  const started = Date.now();
  let announced;
  // The relay publishes what the killed instance had not: wait for the stream to settle.
  const jsm = await nc.jetstreamManager();
  do {
    // A JetStream API timeout while a cluster elects a leader: read again.
    announced = (await messagesOn(jsm, stream, subject).catch(() => [])).map((m) => m.json().conversion.id);
    if (announced.length < ids.length) await sleep(500);
  } while (announced.length < ids.length && Date.now() - started < timeoutMs);
  await nc.close();
  const unique = new Set(announced);
  const missing = ids.filter((id) => !unique.has(id)).length;
  const twice = announced.length - unique.size;
  console.log(
    `announcements: ${announced.length} conversion.created on the CONVERSIONS stream for ${ids.length} conversions; missing ${missing}, twice ${twice}`,
  );
  return missing === 0 && twice === 0 && unique.size === ids.length;
}

module.exports = { history, publishClicks, countRefusal, deliver, deliverAll, waitDrained, verify, sleep, conversionIds, verifyWebhooks, verifyAnnouncements };
