// Fault drill: a three-node JetStream cluster (scripts/nats-cluster.js, streams with three replicas)
// loses nodes while Stripe events (delivered like Stripe), clicks and Conversion API calls flow:
// the node leading the Stripe events stream (JetStream stream info, `cluster.leader`) is killed with
// SIGKILL, started again DRILL_RESTART_SECONDS (default 20) later, and once it has caught up another
// node is killed and left down. Every service connects to all three nodes. Checked at the end:
// every accepted request is reflected exactly once (the Stripe history's conversions and ledger,
// each accepted click in attribution's copy, each Conversion API report one conversion, and every
// conversion announced once on the CONVERSIONS stream and delivered to a webhook receiver, and the
// commissions service's commissions equal to the plan applied to the conversions, each announced once), every
// refusal was a 503 with Retry-After, and the services' readiness as it was polled throughout.
const { randomUUID } = require('node:crypto');
const { run, onCleanup, benchEnv, prepare, bootstrapWorkspace, startService, waitConsumerIdle, waitOutboxEmpty, api } = require('../bench/lib');
const { startCluster } = require('../scripts/nats-cluster');
const { startReceiver } = require('../scripts/webhook-receiver');
const { Client } = require('pg');
const { history, publishClicks, deliverAll, countRefusal, waitDrained, verify, sleep, conversionIds, verifyWebhooks, verifyAnnouncements } = require('./lib');
const { PLAN, checkCommissions } = require('./commission-check');

const CUSTOMERS = Number(process.env.DRILL_CUSTOMERS ?? 300);
const RESTART_S = Number(process.env.DRILL_RESTART_SECONDS ?? 20);
/** How long the flows go on with one node left down. */
const TAIL_S = Number(process.env.DRILL_TAIL_SECONDS ?? 8);
const CLICKS_PER_SECOND = Number(process.env.DRILL_CLICK_RATE ?? 20);
const REPORTS_PER_SECOND = Number(process.env.DRILL_REPORT_RATE ?? 5);

const started = Date.now();
const at = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

/** Polls each service's /health/ready every 200 ms; keeps each change of answer with its time. */
function watchReadiness(services) {
  const changes = Object.fromEntries(Object.keys(services).map((name) => [name, []]));
  let polling = true;
  const loops = Object.entries(services).map(async ([name, service]) => {
    let last;
    while (polling) {
      const seen = await fetch(`${service.url}/health/ready`, { signal: AbortSignal.timeout(3000) })
        .then(async (r) => `${r.status} ${JSON.stringify((await r.json()).checks)}`)
        .catch((err) => `no answer (${err.name})`);
      if (seen !== last) changes[name].push(`${at()}: ${seen}`);
      last = seen;
      await sleep(200);
    }
  });
  return {
    changes,
    stop: async () => {
      polling = false;
      await Promise.all(loops);
    },
  };
}

/** Calls `send` about `perSecond` times a second until `flowing()` is false; waits for the calls in flight. */
async function steadily(perSecond, flowing, send) {
  const calls = [];
  for (let n = 0; flowing(); n++) {
    calls.push(send(n));
    await sleep(1000 / perSecond);
  }
  await Promise.all(calls);
}

async function main() {
  const cluster = await startCluster({ cluster: 'drill' });
  // The cluster is the drill's own: its streams go with it (deleting them with a node down times out).
  const env = benchEnv({ NATS_URL: cluster.url, NATS_STREAM_REPLICAS: '3', SELGEO_PRIVATE_NATS: '1' }, 'drill');
  env.WEBHOOK_RETRY_DELAYS_MS = '200,400,800,1600,3200,5000,5000,5000,5000,5000';
  prepare(env);
  const keys = bootstrapWorkspace(env);
  const prefix = `${env.SELGEO_NAMESPACE.toUpperCase()}_`;
  const stripeStream = `${prefix}STRIPE_EVENTS`;
  const { customers, events } = history(CUSTOMERS);
  // Clicks for the Conversion API reports, one each, apart from the Stripe customers'.
  const reportClicks = Array.from({ length: 1000 }, () => ({ click: randomUUID(), partner: randomUUID() }));
  await publishClicks(env, [...customers, ...reportClicks]);
  const receiver = await startReceiver();
  onCleanup(() => receiver.close());

  const names = ['webhook-ingest', 'attribution', 'tracking', 'commissions'];
  const services = Object.fromEntries((await Promise.all(names.map((name) => startService(name, env)))).map((service, i) => [names[i], service]));
  const secretKey = { 'content-type': 'application/json', authorization: `Bearer ${keys.sk_test}` };
  const post = (url, body, headers = secretKey) => fetch(url, { method: 'POST', headers, body: JSON.stringify(body), signal: AbortSignal.timeout(15_000) });
  receiver.secret = (
    await (
      await post(`${services.attribution.url}/v1/webhook-endpoints`, { url: receiver.url, enabled_events: ['conversion.created', 'conversion.updated'] })
    ).json()
  ).secret;
  const partner = await (await post(`${services.tracking.url}/v1/partners`, { name: 'Drill', destination_url: 'https://shop.example.com/' })).json();
  const token = (await (await post(`${services.tracking.url}/v1/partners/${partner.id}/referral-tokens`, {})).json()).token;
  // Before any conversion: the plan is in force for the conversions created after it.
  await api(services.commissions.url, keys.sk_test, '/v1/plans', { method: 'POST', body: PLAN });
  const readiness = watchReadiness(services);
  console.log(`cluster ${cluster.nodes.map((n) => n.name).join(', ')} at ${cluster.url}; streams with 3 replicas; services ready at ${at()}`);

  // The flows: Stripe's history spread over the whole drill, clicks and Conversion API reports at a steady rate.
  let flowing = true;
  const planned = 2 + RESTART_S + 5 + TAIL_S;
  const stripe = deliverAll(`${services['webhook-ingest'].url}/webhooks/stripe`, env.STRIPE_WEBHOOK_SECRETS, events, {
    parallel: 4,
    paceMs: Math.floor((4 * 1000 * planned) / events.length),
  });
  const clicks = { accepted: [], refused: {} };
  const clicking = steadily(
    CLICKS_PER_SECOND,
    () => flowing,
    async () => {
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${keys.pk_test}` };
      const r = await post(`${services.tracking.url}/v1/clicks`, { token, landing_url: 'https://shop.example.com/?ref=drill' }, headers).catch(() => null);
      if (r?.ok) clicks.accepted.push((await r.json()).click_id);
      else if (r) countRefusal(clicks.refused, r);
      else clicks.refused.unreachable = (clicks.refused.unreachable ?? 0) + 1;
    },
  );
  // Each report retried like a merchant's backend would: until 201, or 409 (already recorded: a lost answer).
  const reports = { sent: [], refused: {} };
  const reporting = steadily(
    REPORTS_PER_SECOND,
    () => flowing && reports.sent.length < reportClicks.length,
    async (n) => {
      const body = { click_id: reportClicks[n].click, external_transaction_id: `order_drill_${n}`, event_type: 'sale', amount_cents: 4900, currency: 'usd' };
      reports.sent.push(body.external_transaction_id);
      for (let attempt = 0; ; attempt++) {
        const r = await post(`${services['webhook-ingest'].url}/api/v1/conversions`, body).catch(() => null);
        if (r && (r.status === 201 || r.status === 409)) return;
        if (r) countRefusal(reports.refused, r);
        else reports.refused.unreachable = (reports.refused.unreachable ?? 0) + 1;
        await sleep(Math.min(2000, 100 * 2 ** attempt));
      }
    },
  );

  await sleep(2000);
  const leader = await cluster.leaderOf(stripeStream);
  const first = cluster.nodes.find((n) => n.name === leader);
  if (!first) throw new Error(`no leader found for ${stripeStream} (got ${leader})`);
  await first.kill();
  console.log(`${at()}: SIGKILLed ${first.name}, leader of ${stripeStream}`);
  await sleep(1000);
  console.log(`${at()}: ${stripeStream} now led by ${await cluster.leaderOf(stripeStream).catch(() => 'nobody')}`);
  await sleep(RESTART_S * 1000 - 1000);
  await first.start();
  console.log(`${at()}: ${first.name} started again`);
  await cluster.waitCurrent(prefix, first.name);
  console.log(`${at()}: ${first.name} is back in the JetStream cluster, current on every stream of the run`);
  const second = cluster.nodes.find((n) => n !== first && n.name === leader) ?? cluster.nodes.find((n) => n !== first);
  await second.kill();
  console.log(`${at()}: SIGKILLed ${second.name}, left down; ${stripeStream} led by ${await cluster.leaderOf(stripeStream).catch(() => 'nobody')}`);
  await sleep(TAIL_S * 1000);
  flowing = false;
  const stripeRefused = await stripe;
  await Promise.all([clicking, reporting]);
  console.log(`${at()}: flows stopped; draining`);

  await waitDrained(env);
  await waitConsumerIdle(env, 'CLICKS', 'attribution-clicks', 120_000);
  await waitOutboxEmpty(env, 'attribution.outbox');
  await waitConsumerIdle(env, 'CONVERSIONS', 'commissions-conversions', 180_000);
  const settled = Date.now();
  // Readiness once everything has drained: every service ready again, on two nodes of three.
  await sleep(1000);
  await readiness.stop();

  console.log(`Stripe: ${events.length} events delivered; answers that were not 2xx: ${JSON.stringify(stripeRefused)}`);
  console.log(`clicks: ${clicks.accepted.length} accepted; answers that were not 2xx: ${JSON.stringify(clicks.refused)}`);
  console.log(`Conversion API: ${reports.sent.length} reports recorded; answers that were not 201 or 409: ${JSON.stringify(reports.refused)}`);
  const refusals = [stripeRefused, clicks.refused, reports.refused].flatMap((r) => Object.keys(r));
  const refusalsOk = refusals.every((status) => status === '503');
  console.log(`every refusal a 503 with Retry-After: ${refusalsOk}`);
  for (const [name, changes] of Object.entries(readiness.changes)) console.log(`readiness ${name}:\n  ${changes.join('\n  ')}`);
  const finallyReady = Object.values(readiness.changes).every((changes) => changes.at(-1)?.includes(': 200 '));
  const degraded = Object.keys(services).filter((name) => readiness.changes[name].some((c) => / 503 |no answer/.test(c)));
  // The gateway writes to the stream whose leader was killed: its readiness must have shown it.
  const readinessOk = finallyReady && degraded.includes('webhook-ingest');
  console.log(`readiness: unavailable during the failover: ${degraded.join(', ') || 'none'}; all ready at the end: ${finallyReady}`);

  const conversionsOk = await verify(env, customers, events.length);
  const clicksOk = await verifyClicks(env, clicks.accepted, customers.length + reportClicks.length);
  const reportsOk = await verifyReports(env, reports.sent);
  const ids = await conversionIds(env);
  const announcementsOk = await verifyAnnouncements(env, ids);
  const webhooksOk = await verifyWebhooks(ids, receiver);
  const commissionsOk = await checkCommissions(env, {
    attributionUrl: services.attribution.url,
    commissionsUrl: services.commissions.url,
    secretKey: keys.sk_test,
  });
  const ok = conversionsOk && clicksOk && reportsOk && announcementsOk && webhooksOk && commissionsOk && refusalsOk && readinessOk;
  console.log(`checked in ${((Date.now() - settled) / 1000).toFixed(1)} s; drill took ${at()}`);
  console.log(ok ? 'drill passed: nothing lost, nothing doubled' : 'DRILL FAILED');
  process.exitCode = ok ? 0 : 1;
}

/** Each accepted click is in attribution's copy once; any other click there was one answered 503 (stored, its answer lost). */
async function verifyClicks(env, accepted, published) {
  const db = new Client({ connectionString: env.DATABASE_URL });
  await db.connect();
  try {
    const { rows } = await db.query(`SELECT click_id FROM attribution.clicks WHERE workspace_id = $1`, [env.DEFAULT_WORKSPACE_ID]);
    const stored = new Set(rows.map((r) => r.click_id));
    const missing = accepted.filter((id) => !stored.has(id)).length;
    const unanswered = rows.length - published - accepted.length;
    console.log(
      `clicks stored: ${rows.length} (${published} published directly + ${accepted.length} accepted); missing ${missing}, stored without a 2xx ${unanswered}`,
    );
    return missing === 0 && new Set(accepted).size === accepted.length && unanswered >= 0;
  } finally {
    await db.end();
  }
}

/** Each Conversion API report is one conversion: none missing, none twice. */
async function verifyReports(env, sent) {
  const db = new Client({ connectionString: env.DATABASE_URL });
  await db.connect();
  try {
    const { rows } = await db.query(
      `SELECT external_transaction_id AS id, count(*)::int AS n FROM attribution.conversions WHERE workspace_id = $1 AND external_transaction_id IS NOT NULL GROUP BY 1`,
      [env.DEFAULT_WORKSPACE_ID],
    );
    const counts = new Map(rows.map((r) => [r.id, r.n]));
    const missing = sent.filter((id) => !counts.has(id)).length;
    const twice = rows.filter((r) => r.n > 1).length;
    const unknown = rows.filter((r) => !sent.includes(r.id)).length;
    console.log(`Conversion API conversions: ${rows.length} for ${sent.length} reports; missing ${missing}, twice ${twice}, unknown ${unknown}`);
    return missing === 0 && twice === 0 && unknown === 0;
  } finally {
    await db.end();
  }
}

run(main);
