// Benchmark 2: Stripe webhook ingest (signature verified, stored in JetStream before the 200).
// Every request is a distinct checkout.session.completed, freshly signed as Stripe signs.
// Target on a 2-core machine: at least 40% of the bare node:http baseline, p99 under 25 ms, 50 connections.
const { randomBytes } = require('node:crypto');
const { signedCheckoutCompleted, benchNats, run, benchEnv, prepare, startService, compareWithBaseline, dropNamespace } = require('./lib');

function signedCheckout(secret) {
  return signedCheckoutCompleted(`evt_bench_${randomBytes(12).toString('hex')}`, null, secret);
}

async function main() {
  const env = benchEnv(await benchNats());
  prepare(env);
  const secret = env.STRIPE_WEBHOOK_SECRETS;
  const ingest = await startService('webhook-ingest', env);
  try {
    await compareWithBaseline({
      label: 'POST /webhooks/stripe (durable)',
      url: ingest.url,
      path: '/webhooks/stripe',
      requestOptions: { requests: [{ method: 'POST', setupRequest: (req) => ({ ...req, ...signedCheckout(secret) }) }] },
      baselineStatus: 200,
      baselineBody: JSON.stringify({ received: true, outcome: 'stored' }),
      minRatioPercent: 40,
      maxP99: 25,
      service: { name: 'gateway', pid: ingest.child.pid },
      env,
    });
  } finally {
    await ingest.stop();
    await dropNamespace(env);
  }
}

run(main);
