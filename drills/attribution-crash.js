// Fault drill: attribution killed with SIGKILL at random moments (and, with DRILL_REPLICAS=2, a
// second replica on the same durable consumers) while a Stripe-like client delivers a known
// history through the gateway, retrying every non-2xx with backoff. A webhook receiver on loopback
// answers 500 to one request in five. Ends with the conversions checked against the history and
// every conversion.created event received (duplicates counted: a kill between a receiver's 2xx and
// its record is redelivered, and receivers dedup by event id), and announced on the CONVERSIONS
// stream exactly once (a kill between an early publish and the relay's run must neither lose nor
// repeat it); exits non-zero on any loss or double count.
const { run, onCleanup, benchEnv, prepare, bootstrapWorkspace, startService } = require('../bench/lib');
const { history, publishClicks, deliverAll, waitDrained, verify, verifyAnnouncements, killAtRandom, conversionIds, verifyWebhooks } = require('./lib');
const { startReceiver } = require('../scripts/webhook-receiver');

const CUSTOMERS = Number(process.env.DRILL_CUSTOMERS ?? 300);
const KILLS = Number(process.env.DRILL_KILLS ?? 6);
const REPLICAS = Number(process.env.DRILL_REPLICAS ?? 1);

async function main() {
  const env = benchEnv({}, 'drill');
  // A short retry schedule, so the drill ends in minutes rather than a day.
  env.WEBHOOK_RETRY_DELAYS_MS = '200,400,800,1600,3200,5000,5000,5000,5000,5000';
  prepare(env);
  const keys = bootstrapWorkspace(env);
  const receiver = await startReceiver({ answer: () => (Math.random() < 0.2 ? 500 : 200) });
  onCleanup(() => receiver.close());
  const { customers, events } = history(CUSTOMERS);
  await publishClicks(env, customers);

  const ingest = await startService('webhook-ingest', env);
  const attribution = await startService('attribution', env);
  const endpoint = await (
    await fetch(`${attribution.url}/v1/webhook-endpoints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${keys.sk_test}` },
      body: JSON.stringify({ url: receiver.url }),
    })
  ).json();
  receiver.secret = endpoint.secret;
  const extra = [];
  for (let r = 1; r < REPLICAS; r++) {
    extra.push(await startService('attribution', env));
  }

  // Kills continue through the drain too: most of the work happens after delivery.
  const killer = killAtRandom(env, 'attribution', { service: attribution }, KILLS);

  const started = Date.now();
  const refused = await deliverAll(`${ingest.url}/webhooks/stripe`, env.STRIPE_WEBHOOK_SECRETS, events);
  const kills = await killer;
  await waitDrained(env);
  console.log(
    `${events.length} events delivered and drained in ${((Date.now() - started) / 1000).toFixed(1)} s; attribution SIGKILLed ${kills} times; ${REPLICAS} replica(s); refused deliveries: ${JSON.stringify(refused)}`,
  );
  const conversionsOk = await verify(env, customers, events.length);
  const ids = await conversionIds(env);
  const webhooksOk = await verifyWebhooks(ids, receiver);
  const announcementsOk = await verifyAnnouncements(env, ids);
  const ok = conversionsOk && webhooksOk && announcementsOk;

  console.log(ok ? 'drill passed: nothing lost, nothing doubled' : 'DRILL FAILED');
  process.exitCode = ok ? 0 : 1;
}

run(main);
