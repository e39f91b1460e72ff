// Fault drill: attribution killed with SIGKILL at random moments (and, with DRILL_REPLICAS=2, a
// second replica on the same durable consumers) while a Stripe-like client delivers a known
// history through the gateway, retrying every non-2xx with backoff. Ends with the conversions
// checked against the history; exits non-zero on any loss or double count.
const { spawn } = require('node:child_process');
const { resolve } = require('node:path');
const { benchEnv, prepare, bootstrapWorkspace, startService, stopChild, dropNamespace, root } = require('../bench/lib');
const { history, publishClicks, deliverAll, waitDrained, verify, sleep } = require('./lib');

const CUSTOMERS = Number(process.env.DRILL_CUSTOMERS ?? 300);
const KILLS = Number(process.env.DRILL_KILLS ?? 6);
const REPLICAS = Number(process.env.DRILL_REPLICAS ?? 1);

async function main() {
  const env = benchEnv({ SELGEO_NAMESPACE: `drill${Date.now().toString(36)}` });
  env.DEFAULT_WORKSPACE_ID = `ws_${env.SELGEO_NAMESPACE}`;
  prepare(env);
  bootstrapWorkspace(env);
  const { customers, events } = history(CUSTOMERS);
  await publishClicks(env, customers);

  const ingest = await startService('webhook-ingest', env);
  let attribution = await startService('attribution', env);
  const extra = [];
  for (let r = 1; r < REPLICAS; r++) {
    extra.push(spawn(process.execPath, [resolve(root, 'dist/apps/attribution/main.js')], { env: { ...env, ATTRIBUTION_PORT: String(3103 + r) }, stdio: ['ignore', 'ignore', 'inherit'] }));
  }

  let kills = 0;
  // Kills continue through the drain too: most of the work happens after delivery.
  const killer = (async () => {
    while (kills < KILLS) {
      await sleep(300 + Math.random() * 1200);
      await stopChild(attribution.child, 'SIGKILL');
      kills++;
      await sleep(Math.random() * 500);
      attribution = await startService('attribution', env);
    }
  })();

  const started = Date.now();
  const refused = await deliverAll(`${ingest.url}/webhooks/stripe`, env.STRIPE_WEBHOOK_SECRETS, events);
  await killer;
  await waitDrained(env);
  console.log(`${events.length} events delivered and drained in ${((Date.now() - started) / 1000).toFixed(1)} s; attribution SIGKILLed ${kills} times; ${REPLICAS} replica(s); refused deliveries: ${JSON.stringify(refused)}`);
  const ok = await verify(env, customers, events.length);

  for (const child of extra) await stopChild(child);
  await attribution.stop();
  await ingest.stop();
  await dropNamespace(env);
  console.log(ok ? 'drill passed: nothing lost, nothing doubled' : 'DRILL FAILED');
  process.exit(ok ? 0 : 1);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
