// Benchmark 7: conversion -> commission latency at a steady rate. As bench/end-to-end-latency.js:
// signed checkout.session.completed events sent to the gateway at BENCH_RATE per second (default
// 500) for BENCH_SECONDS (20) after BENCH_WARMUP_SECONDS (10) at the same rate, with the commissions
// service running beside attribution and a plan set (12.5% of every sale). For each conversion, the
// time from its `conversion.created` on NATS to its commission's `commission.created` on NATS (both
// published right after their commits, both seen by this process: upper bounds on "committed"), and
// the commission's created_at against the conversion's (the services' clocks, same machine).
const { DeliverPolicy, connect } = require('nats');
const { run, onCleanup, benchEnv, prepare, bootstrapWorkspace, startService, waitConsumerIdle, dropNamespace, api, natsServers } = require('./lib');
const { RATE, SECONDS, WARMUP_SECONDS, publishClicks, sendSteady, percentile, windowsP99 } = require('./end-to-end-latency');

const PLAN = { rate: { type: 'percentage', rate_bps: 1250 }, hold_days: 30 };

const summary = (sorted) =>
  `p50 ${percentile(sorted, 50)} ms | p95 ${percentile(sorted, 95)} ms | p99 ${percentile(sorted, 99)} ms | max ${sorted[sorted.length - 1]} ms`;

/** Follows new messages of a run's stream, calling `onMessage(subject, payload, seenAt)`; returns a stop function. */
async function follow(js, env, streamName, onMessage) {
  const consumer = await js.consumers.get(`${env.SELGEO_NAMESPACE.toUpperCase()}_${streamName}`, { deliver_policy: DeliverPolicy.New });
  const messages = await consumer.consume();
  const watching = (async () => {
    for await (const m of messages) onMessage(m.subject.slice(env.SELGEO_NAMESPACE.length + 1), m.json(), Date.now());
  })();
  return async () => {
    messages.stop();
    await watching.catch(() => undefined);
  };
}

async function main() {
  const env = benchEnv();
  prepare(env);
  const keys = bootstrapWorkspace(env);
  const total = RATE * SECONDS;

  const nc = await connect({ servers: natsServers(env.NATS_URL) });
  onCleanup(() => nc.close().catch(() => undefined));
  const js = nc.jetstream();
  const clicks = await publishClicks(env, js, RATE * WARMUP_SECONDS + total);

  const ingest = await startService('webhook-ingest', env);
  const attribution = await startService('attribution', env);
  const commissions = await startService('commissions', env);
  await api(commissions.url, keys.sk_test, '/v1/plans', { method: 'POST', body: PLAN });
  // Steady state: both have their copy of the clicks before the sales start.
  await waitConsumerIdle(env, 'CLICKS', 'attribution-clicks');
  await waitConsumerIdle(env, 'CLICKS', 'commissions-clicks');

  const conversions = new Map(); // source event id -> { id, seenAt, createdAt }
  const commissionsSeen = new Map(); // conversion id -> { seenAt, createdAt }
  const stopConversions = await follow(js, env, 'CONVERSIONS', (subject, e, seenAt) => {
    if (subject === 'conversion.created')
      conversions.set(e.conversion.source_event_id, { id: e.conversion.id, seenAt, createdAt: Date.parse(e.conversion.created_at) });
  });
  const stopCommissions = await follow(js, env, 'COMMISSIONS', (subject, e, seenAt) => {
    if (subject === 'commission.created') commissionsSeen.set(e.commission.conversion_id, { seenAt, createdAt: Date.parse(e.commission.created_at) });
  });

  const { accepted, failures, sendSeconds, start, cpuLine } = await sendSteady(ingest.url, env.STRIPE_WEBHOOK_SECRETS, clicks, {
    gateway: ingest.child.pid,
    attribution: attribution.child.pid,
    commissions: commissions.child.pid,
  });
  const commissionOf = (eventId) => commissionsSeen.get(conversions.get(eventId)?.id);
  // At a rate commissions cannot sustain, its queue drains after the sending ends: wait for it, so the percentiles cover every conversion.
  const deadline = Date.now() + 300_000;
  while (![...accepted.keys()].every(commissionOf) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  await stopConversions();
  await stopCommissions();

  const done = [...accepted.keys()].filter(commissionOf);
  const sorted = (f) => done.map(f).sort((a, b) => a - b);
  const onNats = sorted((id) => commissionOf(id).seenAt - conversions.get(id).seenAt);
  const byCreatedAt = sorted((id) => commissionOf(id).createdAt - conversions.get(id).createdAt);
  const fromDelivery = sorted((id) => commissionOf(id).seenAt - accepted.get(id));
  console.log(
    `sent ${total} events at ${(total / sendSeconds).toFixed(0)}/s after a ${WARMUP_SECONDS} s warm-up at the same rate: ${accepted.size} accepted, ${failures} failed; ` +
      `${done.length} commissions seen`,
  );
  const seen = done.map((id) => commissionOf(id).seenAt);
  const madeRate = done.length / ((Math.max(...seen) - Math.min(...seen)) / 1000);
  console.log(`commissions of the measured sales made at ${madeRate.toFixed(0)}/s from first to last (sales sent at ${(total / sendSeconds).toFixed(0)}/s)`);
  console.log(`conversion.created -> commission.created (both on NATS): ${summary(onNats)}`);
  console.log(`conversion created_at -> commission created_at: ${summary(byCreatedAt)}`);
  console.log(`gateway 2xx -> commission.created: ${summary(fromDelivery)}`);
  const seenAt = new Map(done.map((id) => [id, commissionOf(id).seenAt]));
  const convertedAt = new Map(done.map((id) => [id, conversions.get(id).seenAt]));
  console.log(`conversion -> commission p99 by 5-second window of the run (by conversion time): ${windowsP99(convertedAt, seenAt, start)}`);
  console.log(cpuLine);

  await commissions.stop();
  await attribution.stop();
  await ingest.stop();
  await nc.close();
  await dropNamespace(env);
  process.exitCode = done.length === accepted.size && failures === 0 ? 0 : 1;
}

run(main);
