// Fault drill: the commissions service killed with SIGKILL at random moments, and restarted, while a
// Stripe-like client delivers a known history through the gateway (customers in USD, EUR and JPY:
// a Checkout subscription, its first invoice, two renewals) and attribution turns it into
// conversions. The plans are set through the commissions API: 12.5% of every payment, and for one
// partner in five an override of a flat amount for the initial sale only. Ends with exact checks:
// the conversions against the history; per partner and currency, the commissions against the plan
// applied to the conversions attribution reports (GET /v1/conversions); one commission per earning
// conversion and none for the others; every commission announced on the COMMISSIONS stream once
// (commission.created, by commission id). Exits non-zero on any difference.
// Not in this history: refunds and disputes (attribution does not forward charge.refunded or
// charge.dispute.* on this branch), so every conversion keeps its whole amount.
const { run, benchEnv, prepare, bootstrapWorkspace, startService, waitConsumerIdle, waitOutboxEmpty, api, listAll } = require('../bench/lib');
const { history, publishClicks, deliverAll, waitDrained, verify, verifyAnnounced, killAtRandom } = require('./lib');

const CUSTOMERS = Number(process.env.DRILL_CUSTOMERS ?? 300);
const KILLS = Number(process.env.DRILL_KILLS ?? 6);
const RATE_BPS = 1250;
const PLAN = { rate: { type: 'percentage', rate_bps: RATE_BPS }, recurring: { limit: 'forever' } };
const FLAT = { usd: 500, eur: 450, jpy: 700 };
const OVERRIDE = { rate: { type: 'flat', amounts: FLAT }, recurring: { limit: 'payments', count: 1 } };

/** x * y / z rounded half up, on integers: the service's one rounding rule. */
const mulDivHalfUp = (x, y, z) => Number((2n * BigInt(x) * BigInt(y) + BigInt(z)) / (2n * BigInt(z)));

/**
 * What a conversion earns (null: nothing), from what attribution reports of it: the override's flat
 * amount for an initial sale (renewals are payment 2 and later), or 12.5% of the commissionable
 * amount; either lowered in proportion to what was refunded.
 */
function expectedCommission(conversion, overridden) {
  const { status, kind, currency, amount_cents: amount, refunded_amount_cents: refunded = 0 } = conversion;
  if (status !== 'converted' || !currency || (amount > 0 && refunded >= amount)) return null;
  const kept = amount - refunded;
  if (overridden) {
    if (kind !== 'initial' || FLAT[currency] === undefined) return null;
    return amount === 0 ? FLAT[currency] : mulDivHalfUp(FLAT[currency], kept, amount);
  }
  const base = conversion.commissionable_amount_cents ?? amount;
  return amount === 0 ? mulDivHalfUp(base, RATE_BPS, 10_000) : mulDivHalfUp(base * RATE_BPS, kept, amount * 10_000);
}

async function main() {
  const env = benchEnv({}, 'drill');
  prepare(env);
  const keys = bootstrapWorkspace(env);
  const { customers, events } = history(CUSTOMERS, undefined, { currencies: ['usd', 'eur', 'jpy'] });
  await publishClicks(env, customers);
  const overridden = new Set(customers.filter((_, i) => i % 5 === 2).map((c) => c.partner));

  const ingest = await startService('webhook-ingest', env);
  const attribution = await startService('attribution', env);
  const commissions = await startService('commissions', env);
  // Before any conversion: a plan is in force for the conversions created after it.
  await api(commissions.url, keys.sk_test, '/v1/plans', { method: 'POST', body: PLAN });
  for (const partner of overridden) await api(commissions.url, keys.sk_test, '/v1/plans', { method: 'POST', body: { ...OVERRIDE, partner_id: partner } });

  const running = { service: commissions };
  const killer = killAtRandom(env, 'commissions', running, KILLS);

  const started = Date.now();
  const refused = await deliverAll(`${ingest.url}/webhooks/stripe`, env.STRIPE_WEBHOOK_SECRETS, events);
  const kills = await killer;
  await waitDrained(env);
  await waitOutboxEmpty(env, 'attribution.outbox');
  // What a killed instance had pulled comes back after the consumer's ack wait (30 s).
  await waitConsumerIdle(env, 'CONVERSIONS', 'commissions-conversions', 180_000);
  console.log(
    `${events.length} events delivered and drained into commissions in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
      `commissions SIGKILLed ${kills} times; refused deliveries: ${JSON.stringify(refused)}`,
  );

  const conversionsOk = await verify(env, customers, events.length);
  const conversions = await listAll(attribution.url, keys.sk_test, '/v1/conversions');
  const commissionList = await listAll(running.service.url, keys.sk_test, '/v1/commissions');
  const commissionsOk = verifyCommissions(conversions, commissionList, overridden);
  const announcementsOk = await verifyAnnounced(env, {
    stream: 'COMMISSIONS',
    subject: 'commission.created',
    idOf: (e) => e.commission.id,
    ids: commissionList.map((c) => c.id),
    noun: 'commissions',
  });
  const ok = conversionsOk && commissionsOk && announcementsOk;
  console.log(ok ? 'drill passed: nothing lost, nothing doubled' : 'DRILL FAILED');
  process.exitCode = ok ? 0 : 1;
}

/** Per partner and currency, the commissions equal the plan applied to the conversions; one per earning conversion. */
function verifyCommissions(conversions, commissionList, overridden) {
  const problems = [];
  const expected = new Map(); // partner:currency -> cents
  const earning = new Map(); // conversion id -> cents
  for (const c of conversions) {
    const cents = expectedCommission(c, overridden.has(c.partner_id));
    if (cents === null) continue;
    earning.set(c.id, cents);
    const key = `${c.partner_id}:${c.currency}`;
    expected.set(key, (expected.get(key) ?? 0) + cents);
  }
  const actual = new Map();
  const perConversion = new Map();
  for (const m of commissionList) {
    perConversion.set(m.conversion_id, (perConversion.get(m.conversion_id) ?? 0) + 1);
    if (!earning.has(m.conversion_id)) problems.push(`commission ${m.id} for conversion ${m.conversion_id}, which earns nothing`);
    else if (m.net_amount_cents !== earning.get(m.conversion_id))
      problems.push(`commission ${m.id}: ${m.net_amount_cents}, expected ${earning.get(m.conversion_id)}`);
    const key = `${m.partner_id}:${m.currency}`;
    actual.set(key, (actual.get(key) ?? 0) + m.net_amount_cents);
  }
  const twice = [...perConversion.values()].filter((n) => n > 1).length;
  const missing = [...earning.keys()].filter((id) => !perConversion.has(id)).length;
  const totalsOff = [...new Set([...expected.keys(), ...actual.keys()])].filter((k) => expected.get(k) !== actual.get(k));
  totalsOff.forEach((k) => problems.push(`${k}: ${actual.get(k) ?? 0}, expected ${expected.get(k) ?? 0}`));
  const currencies = [...new Set(conversions.map((c) => c.currency))].sort().join(', ');
  console.log(
    `commissions: ${commissionList.length} for ${earning.size} earning conversions of ${conversions.length} (${currencies}); ` +
      `missing ${missing}, conversions with more than one ${twice}; per partner and currency: ${expected.size} totals, ${totalsOff.length} differ; problems: ${problems.length}`,
  );
  problems.slice(0, 10).forEach((p) => console.log(`  ${p}`));
  return problems.length === 0 && missing === 0 && twice === 0 && commissionList.length === earning.size;
}

run(main);
