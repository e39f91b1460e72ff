// Fault drill: NATS (`node drills/outage.js nats`) or PostgreSQL (`node drills/outage.js postgres`)
// stopped hard for DRILL_OUTAGE_SECONDS (default 20) in the middle of a history delivered like
// Stripe, then started again. The dependency is a private instance on a free loopback port, so the
// machine's shared servers are never touched. Ends with the conversions checked against the history.
const { execFileSync } = require('node:child_process');
const { chownSync, mkdtempSync, readdirSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { run, onCleanup, spawnTracked, benchEnv, prepare, bootstrapWorkspace, startService, stopChild } = require('../bench/lib');
const { freePort, waitOwnPort } = require('../bench/lifecycle');
const { natsBinary } = require('../scripts/nats-cluster');
const { history, publishClicks, deliverAll, waitDrained, verify, sleep } = require('./lib');

const which = process.argv[2];
const OUTAGE_S = Number(process.env.DRILL_OUTAGE_SECONDS ?? 20);
const CUSTOMERS = Number(process.env.DRILL_CUSTOMERS ?? 300);

function privateNats(port) {
  const dir = mkdtempSync(join(tmpdir(), 'selgeo-drill-nats-'));
  let child;
  return {
    url: `nats://127.0.0.1:${port}`,
    start: async () => {
      child = spawnTracked(natsBinary(), ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir], { stdio: 'ignore' });
      await waitOwnPort(child, port, { name: 'the private nats-server', timeoutMs: 15_000 });
    },
    stop: () => stopChild(child, 'SIGKILL'),
    destroy: async () => {
      await stopChild(child, 'SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function privatePostgres(port) {
  const bin = join('/usr/lib/postgresql', readdirSync('/usr/lib/postgresql').sort().pop(), 'bin');
  const dir = mkdtempSync(join(tmpdir(), 'selgeo-drill-pg-'));
  // initdb refuses to run as root: run the cluster as the postgres user then.
  const asOwner = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--']] : [null, []];
  if (asOwner[0]) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
  const run = (tool, args) =>
    asOwner[0]
      ? execFileSync(asOwner[0], [...asOwner[1], join(bin, tool), ...args], { stdio: 'ignore' })
      : execFileSync(join(bin, tool), args, { stdio: 'ignore' });
  run('initdb', ['-D', dir, '-A', 'trust', '-U', 'postgres']);
  const pgctl = (action, extra = []) => run('pg_ctl', ['-D', dir, '-w', '-l', join(dir, 'log'), ...extra, action]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/selgeo_drill`,
    // pg_ctl -w fails when the port is taken, and waits until this cluster accepts connections.
    start: async () => pgctl('start', ['-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`]),
    // "immediate" is a crash: no checkpoint, clients cut off mid-transaction.
    stop: async () => pgctl('stop', ['-m', 'immediate']),
    destroy: async () => {
      try {
        pgctl('stop', ['-m', 'immediate']);
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function main() {
  if (which !== 'nats' && which !== 'postgres') throw new Error('usage: node drills/outage.js nats|postgres');
  const dependency = which === 'nats' ? privateNats(await freePort()) : privatePostgres(await freePort());
  onCleanup(() => dependency.destroy());
  await dependency.start();
  const env = benchEnv(which === 'nats' ? { NATS_URL: dependency.url } : { DATABASE_URL: dependency.url }, 'drill');
  prepare(env);
  bootstrapWorkspace(env);
  const { customers, events } = history(CUSTOMERS);
  await publishClicks(env, customers);
  const ingest = await startService('webhook-ingest', env);
  await startService('attribution', env);

  const started = Date.now();
  const delivering = deliverAll(`${ingest.url}/webhooks/stripe`, env.STRIPE_WEBHOOK_SECRETS, events, { parallel: 4, paceMs: 20 });
  await sleep(1500);
  await dependency.stop();
  console.log(`${which} stopped at ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await sleep(OUTAGE_S * 1000);
  await dependency.start();
  console.log(`${which} started again at ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const refused = await delivering;
  await waitDrained(env);
  console.log(
    `${events.length} events delivered and drained in ${((Date.now() - started) / 1000).toFixed(1)} s; answers that were not 2xx: ${JSON.stringify(refused)}`,
  );
  const ok = await verify(env, customers, events.length);
  console.log(ok ? 'drill passed: nothing lost, nothing doubled' : 'DRILL FAILED');
  process.exitCode = ok ? 0 : 1;
}

run(main);
