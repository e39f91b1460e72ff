// Benchmark 4: end-to-end latency at a steady rate. Signed checkout.session.completed events are
// sent to the gateway at BENCH_RATE per second (default 500) for BENCH_SECONDS (default 20); for
// each, the time from the gateway's 2xx to the `conversion.created` event on NATS (published by the
// outbox right after the commit, so an upper bound on "committed") is measured.
// Target: p99 under 100 ms at 500 events/s.
const http = require('node:http');
const { randomBytes, randomUUID } = require('node:crypto');
const { connect, JSONCodec, DeliverPolicy } = require('nats');
const {
  signedCheckoutCompleted,
  run,
  cpuMeter,
  benchEnv,
  prepare,
  bootstrapWorkspace,
  startService,
  waitConsumerIdle,
  dropNamespace,
  natsServers,
} = require('./lib');

const RATE = Number(process.env.BENCH_RATE ?? 500);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
// Sent at the same rate before the measured part, and not measured: freshly started services
// (cold JIT, new database connections) build a queue in their first seconds that says nothing of
// the steady state. The per-window line below shows it when BENCH_WARMUP_SECONDS=0.
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 10);
const json = JSONCodec();

// node:http with kept-alive connections: the load generator shares the two cores with the services,
// and fetch (undici) cost it several times the CPU per request.
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
function post(url, body, headers) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function percentile(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
}

/**
 * The baseline: the same rate through JetStream alone (publish, PubAck, a consumer receives it), no
 * HTTP, no signature, no database: the part of the latency no service work can remove.
 */
async function baselineLatencies(nc, ns) {
  const jsm = await nc.jetstreamManager();
  const stream = `${ns.toUpperCase()}_BENCH_BASELINE`;
  await jsm.streams.add({ name: stream, subjects: [`${ns}.bench.baseline`] });
  const js = nc.jetstream();
  const acked = new Map();
  const received = new Map();
  const messages = await (await js.consumers.get(stream)).consume();
  const watching = (async () => {
    for await (const m of messages) received.set(m.string(), Date.now());
  })();
  const start = Date.now();
  const sends = [];
  for (let i = 0; i < RATE * SECONDS; i++) {
    const wait = start + (i * 1000) / RATE - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    sends.push(js.publish(`${ns}.bench.baseline`, String(i)).then(() => acked.set(String(i), Date.now())));
  }
  await Promise.all(sends);
  const deadline = Date.now() + 30_000;
  while (received.size < acked.size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  messages.stop();
  await watching.catch(() => undefined);
  await jsm.streams.delete(stream);
  // A message may reach the consumer before its PubAck reaches the publisher: that counts as 0.
  return [...acked]
    .filter(([id]) => received.has(id))
    .map(([id, at]) => Math.max(0, received.get(id) - at))
    .sort((a, b) => a - b);
}

/** Clicks for `count` sales, placed in the clicks stream as tracking stores them; their ids. */
async function publishClicks(env, js, count) {
  const ns = env.SELGEO_NAMESPACE;
  const clicks = Array.from({ length: count }, () => randomUUID());
  const t0 = new Date().toISOString();
  const expires = new Date(Date.now() + 86400e3).toISOString();
  for (let i = 0; i < clicks.length; i += 2000) {
    await Promise.all(
      clicks.slice(i, i + 2000).map((id) =>
        js.publish(
          `${ns}.click.recorded`,
          json.encode({
            click_id: id,
            workspace_id: env.DEFAULT_WORKSPACE_ID,
            mode: 'test',
            partner_id: randomUUID(),
            referral_token: 'bench',
            clicked_at: t0,
            expires_at: expires,
            source: 'snippet',
            landing_url: null,
            referrer: null,
            user_agent: null,
          }),
        ),
      ),
    );
  }
  return clicks;
}

/**
 * Sends one signed checkout.session.completed per click to the gateway at RATE per second: the
 * first RATE x WARMUP_SECONDS unmeasured, then RATE x SECONDS measured. `processes` ({ label: pid })
 * have their CPU share measured over the measured part. Returns when every request was answered:
 * the measured events accepted (event id -> time of the 2xx), the failures, and when measuring began.
 */
async function sendSteady(url, secret, clicks, processes) {
  const total = RATE * SECONDS;
  const warmup = RATE * WARMUP_SECONDS;
  const accepted = new Map();
  let failures = 0;
  const inflight = [];
  const warmupStart = Date.now();
  const start = warmupStart + WARMUP_SECONDS * 1000;
  let cpu = null;
  for (let i = 0; i < warmup + total; i++) {
    const measured = i >= warmup;
    if (i === warmup) cpu = cpuMeter({ 'load generator': process.pid, ...processes });
    const due = warmupStart + (i * 1000) / RATE;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const id = `evt_e2e_${randomBytes(10).toString('hex')}`;
    const { body, headers } = signedCheckoutCompleted(id, clicks[i], secret);
    inflight.push(
      post(`${url}/webhooks/stripe`, body, headers)
        .then((status) => (!measured ? undefined : status >= 200 && status < 300 ? accepted.set(id, Date.now()) : failures++))
        .catch(() => (measured ? failures++ : undefined)),
    );
  }
  await Promise.all(inflight);
  return { accepted, failures, start, sendSeconds: (Date.now() - start) / 1000, cpuLine: cpu.share() };
}

/** The p99 of each 5-second window of the run (`from`: key -> time sent, `to`: key -> time seen): a queue that builds and drains shows as one bad window. */
function windowsP99(from, to, start) {
  const windows = [];
  for (const [key, at] of from) {
    if (!to.has(key)) continue;
    (windows[Math.floor((at - start) / 5000)] ??= []).push(to.get(key) - at);
  }
  return windows
    .map(
      (l) =>
        `${percentile(
          l.sort((a, b) => a - b),
          99,
        )} ms`,
    )
    .join(', ');
}

async function main() {
  const env = benchEnv();
  prepare(env);
  bootstrapWorkspace(env);
  const ns = env.SELGEO_NAMESPACE;
  const total = RATE * SECONDS;
  const warmup = RATE * WARMUP_SECONDS;

  const nc = await connect({ servers: natsServers(env.NATS_URL) });
  const js = nc.jetstream();
  const clicks = await publishClicks(env, js, warmup + total);

  const baseline = await baselineLatencies(nc, ns);

  const ingest = await startService('webhook-ingest', env);
  const attribution = await startService('attribution', env);
  // Steady state: attribution has its copy of the clicks before the sales start.
  await waitConsumerIdle(env, 'CLICKS', 'attribution-clicks');
  const committed = new Map();
  const consumer = await js.consumers.get(`${ns.toUpperCase()}_CONVERSIONS`, { deliver_policy: DeliverPolicy.New });
  const messages = await consumer.consume();
  const watching = (async () => {
    for await (const m of messages) committed.set(m.json().conversion.source_event_id, Date.now());
  })();

  const { accepted, failures, sendSeconds, start, cpuLine } = await sendSteady(ingest.url, env.STRIPE_WEBHOOK_SECRETS, clicks, {
    gateway: ingest.child.pid,
    attribution: attribution.child.pid,
  });
  const deadline = Date.now() + 120_000;
  const allSeen = () => [...accepted.keys()].every((id) => committed.has(id));
  while (!allSeen() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));

  const latencies = [...accepted]
    .filter(([id]) => committed.has(id))
    .map(([id, at]) => committed.get(id) - at)
    .sort((a, b) => a - b);
  console.log(
    `sent ${total} events at ${(total / sendSeconds).toFixed(0)}/s after a ${WARMUP_SECONDS} s warm-up at the same rate: ${accepted.size} accepted, ${failures} failed; ${latencies.length} conversions seen`,
  );
  console.log(
    `baseline (JetStream PubAck -> consumer, same rate, no HTTP, no work): p50 ${percentile(baseline, 50)} ms | p99 ${percentile(baseline, 99)} ms | max ${baseline[baseline.length - 1]} ms`,
  );
  console.log(
    `2xx -> conversion.created: p50 ${percentile(latencies, 50)} ms | p99 ${percentile(latencies, 99)} ms | max ${latencies[latencies.length - 1]} ms`,
  );
  console.log(`p99 by 5-second window of the run: ${windowsP99(accepted, committed, start)}`);
  console.log(cpuLine);
  const verdict =
    RATE < 500 ? `not judged (${RATE}/s is below the target's 500/s)` : percentile(latencies, 99) < 100 && latencies.length === total ? 'met' : 'missed';
  console.log(`target (p99 < 100 ms at 500/s): ${verdict}`);

  messages.stop();
  await attribution.stop();
  await ingest.stop();
  await nc.close();
  await watching.catch(() => undefined);
  await dropNamespace(env);
  process.exitCode = latencies.length === accepted.size ? 0 : 1;
}

if (require.main === module) run(main);

module.exports = { RATE, SECONDS, WARMUP_SECONDS, publishClicks, sendSteady, percentile, windowsP99 };
