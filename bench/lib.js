// Shared plumbing for the benchmarks: the built services as child processes, a bare node:http
// baseline, autocannon runs, and one line of figures per run. Loopback only, on ports the OS says
// are free; every run is bounded, and removes what it made (bench/lifecycle.js).
const { execFileSync } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const { resolve } = require('node:path');
const autocannon = require('autocannon');
const Stripe = require('stripe');
const { AckPolicy, connect, DeliverPolicy } = require('nats');
const { Client } = require('pg');
const { dropDatabase } = require('../scripts/create-database');
const { onCleanup, run, freePort, waitOwnPort, stopChild, spawnTracked } = require('./lifecycle');
const { natsServers, startCluster } = require('../scripts/nats-cluster');

const root = resolve(__dirname, '..');
const PORT_VARIABLES = {
  tracking: 'TRACKING_PORT',
  'webhook-ingest': 'WEBHOOK_INGEST_PORT',
  attribution: 'ATTRIBUTION_PORT',
  commissions: 'COMMISSIONS_PORT',
  dashboard: 'DASHBOARD_PORT',
};

/**
 * A run's environment. `kind` (bench or drill) and SELGEO_RUN_TAG, when a caller sets it, start the
 * namespace and the database name, so whoever started the run can tell what it left behind.
 */
function benchEnv(extra = {}, kind = 'bench') {
  const suffix = randomBytes(3).toString('hex');
  const namespace = `${kind}${(process.env.SELGEO_RUN_TAG ?? '').toLowerCase()}${suffix}`;
  return {
    ...process.env,
    // A database of its own per run, dropped at the end: every run starts as a new install does,
    // with empty tables and no statistics (autovacuum is off on the CI machine), and leaves nothing.
    DATABASE_URL: process.env.BENCH_DATABASE_URL ?? `postgres://postgres:postgres@127.0.0.1:5432/selgeo_${namespace}`,
    SELGEO_BENCH_OWN_DATABASE: process.env.BENCH_DATABASE_URL ? '' : '1',
    NATS_URL: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
    SELGEO_NAMESPACE: namespace,
    DEFAULT_WORKSPACE_ID: `ws_${namespace}`,
    LOG_LEVEL: 'warn',
    STRIPE_WEBHOOK_SECRETS: `whsec_${randomBytes(24).toString('hex')}`,
    WEBHOOK_SECRETS_KEY: randomBytes(32).toString('base64'),
    // Benchmarks measure capacity, not the abuse limit.
    CLICK_RATE_LIMIT_PER_MINUTE: '100000000',
    CLICK_RATE_LIMIT_PER_CLIENT_PER_MINUTE: '100000000',
    // Bench and drill receivers listen on loopback (refused unless allowed, see destination-guard.ts).
    WEBHOOK_ALLOW_LOOPBACK: 'true',
    CLICK_UNKNOWN_TOKEN_LIMIT_PER_MINUTE: '100000000',
    ...extra,
  };
}

/** The nats-server processes whose CPU the benches count: every one on the machine, unless the run started its own cluster. */
let natsServerPids;

/**
 * With BENCH_NATS_CLUSTER=1, a private three-node JetStream cluster (scripts/nats-cluster.js) for this
 * run, and the settings that point the services at it with streams of three replicas; else nothing.
 */
async function benchNats() {
  if (process.env.BENCH_NATS_CLUSTER !== '1') return {};
  const cluster = await startCluster({ cluster: 'bench' });
  natsServerPids = () => cluster.nodes.map((n) => n.pid);
  console.log(`NATS: a three-node JetStream cluster of this run (${cluster.url}), streams with 3 replicas`);
  return { NATS_URL: cluster.url, NATS_STREAM_REPLICAS: '3', SELGEO_PRIVATE_NATS: '1' };
}

/** Builds (unless BENCH_SKIP_BUILD=1) and creates the run's database; its streams and database go at the end. */
function prepare(env) {
  // BENCH_SKIP_BUILD=1 reuses dist/ (e.g. when running the benchmarks one after another).
  if (process.env.BENCH_SKIP_BUILD !== '1') execFileSync('bash', [resolve(root, 'scripts/build.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
  onCleanup(() => dropNamespace(env));
  execFileSync(process.execPath, [resolve(root, 'scripts/create-database.js'), env.DATABASE_URL], { stdio: 'inherit' });
}

function bootstrapWorkspace(env) {
  const out = execFileSync(process.execPath, [resolve(root, 'dist/apps/tracking/main.js'), 'bootstrap-workspace'], { env: { ...env, LOG_LEVEL: 'error' } });
  return JSON.parse(out.toString().trim().split('\n').pop()).keys;
}

/**
 * Starts a built service in its own process, as it runs in production, on a free port; ready once
 * that very process answers /health/ready. A port taken meanwhile is retried on another.
 */
async function startService(name, env) {
  // BENCH_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the services.
  const nodeArgs = (env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child = spawnTracked(process.execPath, [...nodeArgs, resolve(root, `dist/apps/${name}/main.js`)], {
      env: { ...env, [PORT_VARIABLES[name]]: String(port) },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitOwnPort(child, port, { name, isReady: async () => (await fetch(`${url}/health/ready`)).ok });
      return { url, child, stop: () => stopChild(child) };
    } catch (err) {
      await stopChild(child, 'SIGKILL');
      if (!err.exitedEarly || attempt === 3) throw err;
    }
  }
}

/** Starts `node -e code`, where `code` listens on port 0 and prints the port it got. */
async function startPrinter(args, options) {
  const child = spawnTracked(process.execPath, args, { ...options, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolvePort, reject) => {
    child.once('exit', (code) => reject(new Error(`${args.join(' ').slice(0, 60)} exited (${code}) before listening`)));
    child.stdout.once('data', (chunk) => resolvePort(Number(String(chunk).trim())));
  });
  return { url: `http://127.0.0.1:${port}`, child, stop: () => stopChild(child) };
}

/** A bare node:http server in its own process answering the same status and body, doing no work. */
function startBaseline(status, body) {
  const code = `const s = require('node:http').createServer((q, s) => { q.resume(); q.on('end', () => s.writeHead(${status}, { 'content-type': 'application/json; charset=utf-8' }).end(${JSON.stringify(body)})); }); s.listen(0, '127.0.0.1', () => console.log(s.address().port));`;
  return startPrinter(['-e', code]);
}

function load(options) {
  return new Promise((resolveRun, reject) => {
    autocannon({ connections: 50, duration: 10, ...options }, (err, result) => (err ? reject(err) : resolveRun(result)));
  });
}

function figures(result) {
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    total: result.requests.total,
  };
}

function line(label, f, baseline) {
  const ratio = baseline ? ` | ${((100 * f.rps) / baseline.rps).toFixed(0)}% of baseline` : '';
  return `${label.padEnd(34)} ${f.rps.toFixed(0).padStart(6)} req/s | p50 ${f.p50} ms | p99 ${f.p99} ms | max ${f.max} ms | errors ${f.errors} | non-2xx ${f.non2xx}${ratio}`;
}

/**
 * Loads the service and a bare baseline answering the same status and body with the same requests,
 * prints both lines and whether the target (share of baseline throughput, p99) was met.
 */
async function compareWithBaseline({ label, url, path, requestOptions, baselineStatus, baselineBody, minRatioPercent, maxP99, service: serviceProcess, env }) {
  await load({ url: `${url}${path}`, ...requestOptions, duration: 3 }); // warm-up
  // One load of `target`, with the CPU share of the load generator and the server under load.
  const measure = async (target, serverLabel, serverPid) => {
    const cpu = cpuMeter({ 'load generator': process.pid, [serverLabel]: serverPid });
    const result = figures(await load({ url: `${target}${path}`, ...requestOptions }));
    return { result, share: cpu.share(), perRequest: cpu.perEvent(result.total).replace('CPU per event', 'CPU per request') };
  };
  const baseline = await startBaseline(baselineStatus, baselineBody);
  const bare = await measure(baseline.url, 'baseline', baseline.child.pid);
  await baseline.stop();
  // Not the target's baseline: what storing each request in JetStream costs with no service around it.
  const durableServer = await startDurableBaseline(env, baselineStatus, baselineBody);
  const durable = await measure(durableServer.url, 'durable baseline', durableServer.child.pid);
  await durableServer.stop();
  // Where the two cores went: the ratio targets assume the service has a core to itself.
  const measured = await measure(url, serviceProcess.name, serviceProcess.pid);
  const base = bare.result;
  const service = measured.result;
  console.log(line(`baseline node:http (same ${baselineStatus})`, base));
  console.log(`  ${bare.share}`);
  console.log(line('node:http + JetStream publish', durable.result, base));
  console.log(`  ${durable.share}`);
  console.log(line(label, service, base));
  console.log(`  ${measured.share}; ${measured.perRequest}`);
  const met = (100 * service.rps) / base.rps >= minRatioPercent && service.p99 < maxP99 && service.errors === 0 && service.non2xx === 0;
  console.log(`target (>= ${minRatioPercent}% of baseline, p99 < ${maxP99} ms, no errors): ${met ? 'met' : 'missed'}`);
}

/**
 * The durable baseline (bench/durable-baseline.js) on a stream of its own in the bench namespace:
 * node:http plus one JetStream publish per request, nothing else.
 */
async function startDurableBaseline(env, status, body) {
  const ns = env.SELGEO_NAMESPACE;
  const nc = await connect({ servers: natsServers(env.NATS_URL) });
  const jsm = await nc.jetstreamManager();
  const stream = `${ns.toUpperCase()}_BENCH_DURABLE`;
  await jsm.streams.add({ name: stream, subjects: [`${ns}.bench.durable`], num_replicas: Number(env.NATS_STREAM_REPLICAS ?? 1) });
  const { url, child } = await startPrinter([resolve(__dirname, 'durable-baseline.js')], {
    env: { ...process.env, PORT: '0', NATS_URL: env.NATS_URL, SUBJECT: `${ns}.bench.durable`, STATUS: String(status), BODY: body },
  });
  return {
    url,
    child,
    stop: async () => {
      await stopChild(child);
      await jsm.streams.delete(stream);
      await nc.close();
    },
  };
}

/** Messages a durable consumer has yet to finish: pending plus delivered but unacknowledged. */
async function pendingOf(env, stream, durable) {
  const nc = await connect({ servers: natsServers(env.NATS_URL) });
  try {
    const info = await (await nc.jetstreamManager()).consumers.info(`${env.SELGEO_NAMESPACE.toUpperCase()}_${stream}`, durable);
    return info.num_pending + info.num_ack_pending;
  } finally {
    await nc.close();
  }
}

/** Resolves once a durable consumer has nothing pending and nothing unacknowledged. */
async function waitConsumerIdle(env, stream, durable, timeoutMs = 600_000) {
  const nc = await connect({ servers: natsServers(env.NATS_URL), maxReconnectAttempts: -1 });
  const deadline = Date.now() + timeoutMs;
  try {
    // Opening the manager asks JetStream too: on a cluster electing a leader it answers 503 for a moment.
    let jsm = null;
    for (;;) {
      jsm ??= await nc.jetstreamManager().catch(() => null);
      const info = jsm && (await jsm.consumers.info(`${env.SELGEO_NAMESPACE.toUpperCase()}_${stream}`, durable).catch(() => null));
      if (info && info.num_pending === 0 && info.num_ack_pending === 0) return;
      if (Date.now() > deadline) throw new Error(`${durable} still busy after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await nc.close();
  }
}

/**
 * Resolves once a service's outbox table (e.g. `attribution.outbox`) is empty: everything it committed
 * is stored in JetStream. Attribution publishes a group's conversions as it commits, without waiting,
 * so its consumer can be idle while the last announcements are still on their way.
 */
async function waitOutboxEmpty(env, table, timeoutMs = 60_000) {
  const db = new Client({ connectionString: env.DATABASE_URL });
  await db.connect();
  const deadline = Date.now() + timeoutMs;
  try {
    while ((await db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n > 0) {
      if (Date.now() > deadline) throw new Error(`${table} still holds rows after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await db.end();
  }
}

/**
 * The baseline of the drain: a bare consumer of the same stream that only pulls and acknowledges
 * each message (no parsing, no database), as fast as this machine moves messages out of JetStream.
 */
async function drainBaseline(env, stream, filterSubject) {
  const nc = await connect({ servers: natsServers(env.NATS_URL) });
  const jsm = await nc.jetstreamManager();
  const name = `${env.SELGEO_NAMESPACE.toUpperCase()}_${stream}`;
  const durable = 'bench-baseline';
  await jsm.consumers.add(name, {
    durable_name: durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    filter_subject: filterSubject,
    max_ack_pending: 10_000,
  });
  const { num_pending: total } = await jsm.consumers.info(name, durable);
  const consumer = await nc.jetstream().consumers.get(name, durable);
  const started = Date.now();
  let seen = 0;
  while (seen < total) {
    const batch = await consumer.fetch({ max_messages: 256, expires: 1000 });
    for await (const msg of batch) {
      msg.ack();
      seen++;
    }
  }
  const perSecond = seen / ((Date.now() - started) / 1000);
  await jsm.consumers.delete(name, durable);
  await nc.close();
  return perSecond;
}

/** A call to a service's API with the workspace's secret key; throws on a non-2xx, naming it. */
async function api(baseUrl, secretKey, path, { method = 'GET', body } = {}) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${secretKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/** Every item of a list endpoint (`{ data, has_more }`, `starting_after`), page after page. */
async function listAll(baseUrl, secretKey, path) {
  const items = [];
  for (let after = null; ;) {
    const separator = path.includes('?') ? '&' : '?';
    const page = await api(baseUrl, secretKey, `${path}${separator}limit=100${after ? `&starting_after=${after}` : ''}`);
    items.push(...page.data);
    if (!page.has_more) return items;
    after = page.data[page.data.length - 1].id;
  }
}

/**
 * Every message stored on one subject of a run's stream, parsed, in stream order. Read one by one
 * with the stream's message API, not a consumer: on a cluster with a node down, a new consumer may
 * be placed on that node and never answer.
 */
async function readSubject(env, streamName, subject) {
  const nc = await connect({ servers: natsServers(env.NATS_URL) });
  try {
    const jsm = await nc.jetstreamManager();
    const stream = `${env.SELGEO_NAMESPACE.toUpperCase()}_${streamName}`;
    const full = `${env.SELGEO_NAMESPACE}.${subject}`;
    const messages = [];
    for (let seq = 0; ;) {
      const message = await jsm.streams.getMessage(stream, { seq, next_by_subj: full }).catch((err) => {
        if (/no message found/i.test(err.message)) return null;
        throw err;
      });
      if (!message) return messages;
      messages.push(message.json());
      seq = message.seq + 1;
    }
  } finally {
    await nc.close();
  }
}

/** Removes a run's streams and key-value bucket, and its database when the run made its own. */
async function dropNamespace(env) {
  try {
    // A NATS cluster of the run's own goes with its data at the end (and may have a node down now).
    if (env.SELGEO_PRIVATE_NATS === '1') return;
    const nc = await connect({ servers: natsServers(env.NATS_URL), timeout: 5000, maxReconnectAttempts: 0 });
    try {
      const jsm = await nc.jetstreamManager();
      for (const name of await jsm.streams.names().next()) {
        if (name.startsWith(`${env.SELGEO_NAMESPACE.toUpperCase()}_`) || name.startsWith(`KV_${env.SELGEO_NAMESPACE}_`)) await jsm.streams.delete(name);
      }
    } finally {
      await nc.close();
    }
  } finally {
    // Even when NATS cannot be reached (a drill stopped during its outage), the database goes.
    if (env.SELGEO_BENCH_OWN_DATABASE === '1') await dropDatabase(env.DATABASE_URL);
  }
}

/**
 * CPU time (ms) used so far by the processes whose command name is one of `names` (or whose pid is
 * in `pids`), from /proc: CPU per event is steadier than throughput on a shared machine. Linux only;
 * null elsewhere.
 */
function cpuMs({ names = [], pids = [] }) {
  const fs = require('node:fs');
  let dirs;
  try {
    dirs = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return null;
  }
  const tick = 10; // ms per clock tick (USER_HZ = 100 on Linux)
  let total = 0;
  for (const pid of dirs) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (!pids.includes(Number(pid)) && !names.includes(comm)) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) * tick; // utime, stime
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

/**
 * Starts counting the CPU of the given processes (`{ label: pid }`), PostgreSQL and nats-server;
 * `perEvent(n)` prints µs per event for each, `share()` the part of the machine's cores each used.
 */
function cpuMeter(processes) {
  const read = () => {
    const used = {};
    for (const [label, pid] of Object.entries(processes)) used[label] = cpuMs({ pids: [pid] });
    used.PostgreSQL = cpuMs({ names: ['postgres'] });
    used['nats-server'] = natsServerPids ? cpuMs({ pids: natsServerPids() }) : cpuMs({ names: ['nats-server'] });
    return used;
  };
  const start = read();
  const startedAt = Date.now();
  const delta = () => {
    const end = read();
    return Object.keys(end).map((k) => [k, end[k] - start[k]]);
  };
  const measured = start.PostgreSQL !== null;
  return {
    /** CPU ms each process used so far (null without /proc). */
    used: () => (measured ? Object.fromEntries(delta()) : null),
    perEvent(events) {
      if (!measured) return 'CPU per event: not measured (no /proc)';
      return `CPU per event: ${delta()
        .map(([k, ms]) => `${k} ${((1000 * ms) / events).toFixed(0)} µs`)
        .join(', ')}`;
    },
    share() {
      if (!measured) return 'CPU share: not measured (no /proc)';
      const wall = Date.now() - startedAt;
      const cores = require('node:os').availableParallelism();
      const parts = delta();
      const busy = parts.reduce((sum, [, ms]) => sum + ms, 0);
      return `CPU (% of one core): ${parts.map(([k, ms]) => `${k} ${((100 * ms) / wall).toFixed(0)}%`).join(', ')}; together ${((100 * busy) / wall / cores).toFixed(0)}% of the ${cores} cores`;
    },
  };
}

/**
 * A paid payment-mode `checkout.session.completed` naming `clientReferenceId` (null: no signal),
 * signed as Stripe signs: the event the ingest, end-to-end and unknown-click benchmarks send.
 */
function signedCheckoutCompleted(eventId, clientReferenceId, secret) {
  const body = JSON.stringify({
    id: eventId,
    object: 'event',
    type: 'checkout.session.completed',
    api_version: '2025-03-31.basil',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    data: {
      object: {
        id: `cs_test_${eventId}`,
        object: 'checkout.session',
        mode: 'payment',
        payment_status: 'paid',
        status: 'complete',
        client_reference_id: clientReferenceId,
        metadata: {},
        customer: null,
        amount_total: 4900,
        currency: 'usd',
        livemode: false,
      },
    },
  });
  return { body, headers: { 'content-type': 'application/json', 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload: body, secret }) } };
}

module.exports = {
  natsServers,
  benchNats,
  signedCheckoutCompleted,
  run,
  onCleanup,
  spawnTracked,
  cpuMeter,
  pendingOf,
  benchEnv,
  prepare,
  bootstrapWorkspace,
  startService,
  stopChild,
  startBaseline,
  load,
  figures,
  line,
  compareWithBaseline,
  waitConsumerIdle,
  waitOutboxEmpty,
  drainBaseline,
  dropNamespace,
  api,
  listAll,
  readSubject,
  root,
};
