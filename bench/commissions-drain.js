// Benchmark 6: the drain with commissions running. The attribution drain's backlog (bench/attribution-drain.js:
// checkouts, initial invoices and renewals, every customer's renewals 30 days apart) is placed in
// JetStream, a commission plan is set through the commissions API (12.5% of every payment; a flat
// 5.00 USD for the initial sale only for two partners in ten), and the commissions service runs
// beside one attribution instance. Timed until commissions has consumed every conversion; then the
// commissions are checked exactly against the conversions that earn under the plans (their number
// and their total).
const { Client } = require('pg');
const {
  run,
  cpuMeter,
  pendingOf,
  benchEnv,
  prepare,
  bootstrapWorkspace,
  startService,
  waitConsumerIdle,
  waitOutboxEmpty,
  dropNamespace,
  api,
} = require('./lib');
const { storeBacklog } = require('./attribution-drain');

// 1,000 customers (10,000 Stripe events) by default, a tenth of the attribution drain's: commissions is the slower consumer.
const CUSTOMERS = Number(process.env.BENCH_COMMISSIONS_CUSTOMERS ?? 1_000);
const RATE_BPS = 1250;
/** The workspace's plan: 12.5% of every payment, renewals forever. */
const PLAN = { rate: { type: 'percentage', rate_bps: RATE_BPS }, recurring: { limit: 'forever' }, hold_days: 30 };
/** Two customers in ten (one of each way of buying) have a partner with an override: 5.00 USD for the initial sale only. */
const OVERRIDE = { rate: { type: 'flat', amounts: { usd: 500 } }, recurring: { limit: 'payments', count: 1 } };
const hasOverride = (customerIndex) => customerIndex % 10 === 0 || customerIndex % 10 === 7;

/** 12.5%, rounded half up as the service rounds (4900 -> 612.5 -> 613): integers, exact. */
const commissionOf = (amountCents) => Math.floor((2 * amountCents * RATE_BPS + 10_000) / 20_000);

/**
 * The conversions of the history that earn, and their commissions' total. A customer's initial sale
 * is its Checkout Session, or its first invoice when it bought without one; the rest are renewals.
 */
function earningUnderPlan(events) {
  const byCheckout = new Set(events.filter((e) => e.type === 'checkout.session.completed').map((e) => e.object.customer));
  let count = 0;
  let totalCents = 0;
  for (const e of events) {
    const initial = e.type === 'checkout.session.completed' || (e.object.billing_reason === 'subscription_create' && !byCheckout.has(e.object.customer));
    const renewal = e.object.billing_reason === 'subscription_cycle';
    if (!initial && !renewal) continue; // a first invoice its Checkout Session already counted
    const override = hasOverride(Number(e.object.customer.slice('cus_b'.length)));
    if (override && !initial) continue;
    count++;
    totalCents += override ? OVERRIDE.rate.amounts.usd : commissionOf(e.object.amount_total ?? e.object.amount_paid);
  }
  return { count, totalCents };
}

/** The workspace's commissions: those that earn (not reversed) and their total, and every row. */
async function commissionCounts(db, workspaceId) {
  const { rows } = await db.query(
    `SELECT count(*) FILTER (WHERE status <> 'reversed')::int AS earning, coalesce(sum(amount_cents) FILTER (WHERE status <> 'reversed'), 0)::bigint AS total,
            count(*)::int AS all_rows, count(DISTINCT conversion_id)::int AS conversions
       FROM commissions.commissions WHERE workspace_id = $1`,
    [workspaceId],
  );
  return { ...rows[0], total: Number(rows[0].total) };
}

async function main() {
  const env = benchEnv();
  prepare(env);
  const keys = bootstrapWorkspace(env); // migrations, streams
  const workspaceId = env.DEFAULT_WORKSPACE_ID;
  const { clicks, events, expected } = await storeBacklog(env, CUSTOMERS);
  const earning = earningUnderPlan(events);

  // Commissions first, with its plan, and its copy of the clicks taken: the drain measures the conversions.
  const commissions = await startService('commissions', env);
  await api(commissions.url, keys.sk_test, '/v1/plans', { method: 'POST', body: PLAN });
  for (const [i, click] of clicks.entries()) {
    if (hasOverride(i)) await api(commissions.url, keys.sk_test, '/v1/plans', { method: 'POST', body: { ...OVERRIDE, partner_id: click.partner_id } });
  }
  await waitConsumerIdle(env, 'CLICKS', 'commissions-clicks');

  const whole = cpuMeter({ commissions: commissions.child.pid });
  const started = Date.now();
  const attribution = await startService('attribution', env);
  const readyAt = Date.now();
  const leftAtReady = await pendingOf(env, 'STRIPE_EVENTS', 'attribution-stripe-events');
  const attributionCpu = cpuMeter({ attribution: attribution.child.pid });
  await waitConsumerIdle(env, 'STRIPE_EVENTS', 'attribution-stripe-events');
  const attributionDone = Date.now();
  const attributionMs = attributionCpu.used()?.attribution;

  // Every conversion is on the stream once attribution's outbox is empty; commissions is done when its consumer is idle then.
  await waitOutboxEmpty(env, 'attribution.outbox');
  const db = new Client({ connectionString: env.DATABASE_URL });
  await db.connect();
  let counts;
  try {
    await waitConsumerIdle(env, 'CONVERSIONS', 'commissions-conversions');
    const done = Date.now();
    const used = whole.used();
    const seconds = (done - started) / 1000;
    const steadyRate = leftAtReady / ((done - readyAt) / 1000);
    counts = await commissionCounts(db, workspaceId);
    const conversions = (await db.query(`SELECT count(*)::int AS n FROM attribution.conversions WHERE workspace_id = $1`, [workspaceId])).rows[0].n;

    console.log(
      `drained ${events.length} Stripe events into commissions in ${seconds.toFixed(1)} s (including attribution's start-up): ${(events.length / seconds).toFixed(0)} events/s`,
    );
    console.log(
      `from attribution's readiness: ${leftAtReady} events left, attribution done after ${((attributionDone - readyAt) / 1000).toFixed(1)} s ` +
        `(${(leftAtReady / ((attributionDone - readyAt) / 1000)).toFixed(0)} events/s), commissions after ${((done - readyAt) / 1000).toFixed(1)} s: ` +
        `${steadyRate.toFixed(0)} events/s end to end`,
    );
    if (used) {
      const ms = (v, n) => `${(v / n).toFixed(3)} ms`;
      console.log(
        `CPU per Stripe event: attribution ${ms(attributionMs, leftAtReady)} (from its readiness), commissions ${ms(used.commissions, events.length)}, ` +
          `PostgreSQL ${ms(used.PostgreSQL, events.length)}, nats-server ${ms(used['nats-server'], events.length)} (whole run)`,
      );
    }
    console.log(`conversions: ${conversions} (expected ${expected})`);
    console.log(
      `commissions: ${counts.earning} earning, total ${counts.total} cents (expected ${earning.count} and ${earning.totalCents} cents: ` +
        `12.5% of every payment, 5.00 USD for the initial sale of the partners with an override); ${counts.all_rows} rows for ${counts.conversions} conversions`,
    );
    const correct =
      conversions === expected && counts.earning === earning.count && counts.total === earning.totalCents && counts.all_rows === counts.conversions;
    console.log(`result ${correct ? 'matches' : 'DOES NOT MATCH'} the plan applied to the history`);
    if (!correct) process.exitCode = 1;
  } finally {
    await db.end();
  }
  await attribution.stop();
  await commissions.stop();
  await dropNamespace(env);
}

run(main);
