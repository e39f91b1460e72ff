// Fault drill: the commissions service killed with SIGKILL at random moments, and restarted, while a
// Stripe-like client delivers a known history through the gateway (customers in USD, EUR and JPY:
// a Checkout subscription, its first invoice, two renewals) and attribution turns it into
// conversions. The plans are set through the commissions API: 12.5% of every payment, and for one
// partner in five an override of a flat amount for the initial sale only. Ends with exact checks:
// the conversions against the history; per partner and currency, the commissions against the plan
// applied to the conversions attribution reports (GET /v1/conversions); one commission per earning
// conversion and none for the others; every commission announced on the COMMISSIONS stream once
// (commission.created, by commission id). Exits non-zero on any difference.
// Not in this history: refunds and disputes (the check applies refunded amounts; test/commissions-from-stripe
// and the commissions property spec cover them), so every conversion keeps its whole amount.
const { run, benchEnv, prepare, bootstrapWorkspace, startService, waitConsumerIdle, waitOutboxEmpty, api } = require('../bench/lib');
const { history, publishClicks, deliverAll, waitDrained, verify, killAtRandom } = require('./lib');
const { PLAN, OVERRIDE, checkCommissions } = require('./commission-check');

const CUSTOMERS = Number(process.env.DRILL_CUSTOMERS ?? 300);
const KILLS = Number(process.env.DRILL_KILLS ?? 6);
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
  const commissionsOk = await checkCommissions(env, {
    attributionUrl: attribution.url,
    commissionsUrl: running.service.url,
    secretKey: keys.sk_test,
    overridden,
  });
  const ok = conversionsOk && commissionsOk;
  console.log(ok ? 'drill passed: nothing lost, nothing doubled' : 'DRILL FAILED');
  process.exitCode = ok ? 0 : 1;
}

run(main);
