// Benchmark 5: how long a sale naming an unknown UUID waits while clicks keep arriving. A merchant
// may put its own order id (a UUID) in client_reference_id; attribution cannot tell it from a click
// still on its way, so it waits until its copy of the clicks has everything stored before the sale.
// Clicks are stored at BENCH_CLICK_RATE per second (default 1,000) straight into the clicks stream,
// as the tracking service stores them; every second one signed checkout.session.completed names a
// random UUID, and the time from the gateway's 2xx to its recorded outcome (unknown_click) is measured.
// Target: every such event decided in under 10 s.
const { randomUUID } = require('node:crypto');
const { connect, JSONCodec } = require('nats');
const { signedCheckoutCompleted, run, onCleanup, benchEnv, prepare, bootstrapWorkspace, startService, pendingOf, natsServers } = require('./lib');

const CLICK_RATE = Number(process.env.BENCH_CLICK_RATE ?? 1000);
const SALES = Number(process.env.BENCH_SALES ?? 20);
const WARMUP_SECONDS = 5;
const TARGET_MS = 10_000;
const json = JSONCodec();

function percentile(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
}

/** Stores clicks at `rate` per second until stopped; resolves to how many were stored. */
function clickTraffic(js, env, rate) {
  let stopped = false;
  let stored = 0;
  const expires = new Date(Date.now() + 86400e3).toISOString();
  const click = () => ({
    click_id: randomUUID(),
    workspace_id: env.DEFAULT_WORKSPACE_ID,
    mode: 'test',
    partner_id: randomUUID(),
    referral_token: 'bench',
    clicked_at: new Date().toISOString(),
    expires_at: expires,
    source: 'snippet',
    landing_url: null,
    referrer: null,
    user_agent: null,
  });
  const done = (async () => {
    const start = Date.now();
    const TICK_MS = 20;
    for (let tick = 0; !stopped; tick++) {
      const due = Math.round(((tick + 1) * TICK_MS * rate) / 1000) - Math.round((tick * TICK_MS * rate) / 1000);
      await Promise.all(Array.from({ length: due }, () => js.publish(`${env.SELGEO_NAMESPACE}.click.recorded`, json.encode(click()))));
      stored += due;
      const wait = start + (tick + 1) * TICK_MS - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    return { stored, seconds: (Date.now() - start) / 1000 };
  })();
  return { stop: () => ((stopped = true), done) };
}

async function outcomeOf(attribution, key, eventId) {
  const response = await fetch(`${attribution.url}/v1/stripe-events/${eventId}`, { headers: { authorization: `Bearer ${key}` } });
  return response.ok ? (await response.json()).outcome : null;
}

async function main() {
  const env = benchEnv();
  prepare(env);
  const keys = bootstrapWorkspace(env);
  const nc = await connect({ servers: natsServers(env.NATS_URL) });
  onCleanup(() => nc.close());
  const js = nc.jetstream();
  const ingest = await startService('webhook-ingest', env);
  const attribution = await startService('attribution', env);

  const traffic = clickTraffic(js, env, CLICK_RATE);
  onCleanup(() => traffic.stop());
  await new Promise((r) => setTimeout(r, WARMUP_SECONDS * 1000));
  const waits = [];
  let busyAtSend = 0;
  try {
    const pending = [];
    for (let i = 0; i < SALES; i++) {
      const id = `evt_unknown_${randomUUID().replaceAll('-', '')}`;
      const { body, headers } = signedCheckoutCompleted(id, randomUUID(), env.STRIPE_WEBHOOK_SECRETS);
      const response = await fetch(`${ingest.url}/webhooks/stripe`, { method: 'POST', body, headers });
      if (!response.ok) throw new Error(`the gateway answered ${response.status}`);
      const sentAt = Date.now();
      // What the former "wait until the clicks consumer is idle" rule looked at.
      if ((await pendingOf(env, 'CLICKS', 'attribution-clicks')) > 0) busyAtSend++;
      pending.push(
        (async () => {
          while (Date.now() - sentAt < 60_000) {
            if ((await outcomeOf(attribution, keys.sk_test, id)) === 'unknown_click') return waits.push(Date.now() - sentAt);
            await new Promise((r) => setTimeout(r, 50));
          }
          waits.push(Infinity);
        })(),
      );
      await new Promise((r) => setTimeout(r, 1000));
    }
    await Promise.all(pending);
  } finally {
    const { stored, seconds } = await traffic.stop();
    console.log(`clicks stored: ${stored} in ${seconds.toFixed(1)} s (${(stored / seconds).toFixed(0)}/s)`);
    await attribution.stop();
    await ingest.stop();
  }
  waits.sort((a, b) => a - b);
  console.log(`${SALES} sales naming an unknown UUID, one a second; the clicks consumer had a backlog when ${busyAtSend} of them were sent`);
  console.log(`2xx -> outcome unknown_click: p50 ${percentile(waits, 50)} ms | p90 ${percentile(waits, 90)} ms | max ${waits[waits.length - 1]} ms`);
  const met = waits.length === SALES && waits[waits.length - 1] < TARGET_MS;
  console.log(`target (every one decided in under ${TARGET_MS / 1000} s while clicks arrive at ${CLICK_RATE}/s): ${met ? 'met' : 'missed'}`);
  if (!met) process.exitCode = 1;
}

run(main);
