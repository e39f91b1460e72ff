import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { connect } from 'nats';
import { Client } from 'pg';
import { portOpen } from '../bench/lifecycle';
import { TEST_DATABASE_URL, TEST_NATS_URL } from './support/test-env';

const run = promisify(execFile);
const root = resolve(__dirname, '..');

/** The ports the drills and benches once took for granted: services, replicas, baselines, private NATS and PostgreSQL. */
const FORMERLY_FIXED_PORTS = [3101, 3102, 3103, 3104, 3198, 3199, 4322, 5433];

/**
 * Another instance of the system on the drills' old ports: answers every request with 200 and a
 * ready-looking body, and counts what it is sent. The drills must neither use it nor mind it.
 */
async function startDecoy(): Promise<{ ports: number[]; foreign: number[]; requests: () => number; close: () => Promise<void> }> {
  let requests = 0;
  const servers: Server[] = [];
  const foreign: number[] = [];
  for (const port of FORMERLY_FIXED_PORTS) {
    const server = createServer((req, res) => {
      requests++;
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok","checks":{}}');
    });
    // A port something else holds already is just as taken: the drills must avoid it too.
    const listening = await new Promise<boolean>((done) => server.once('error', () => done(false)).listen(port, '127.0.0.1', () => done(true)));
    if (listening) servers.push(server);
    else if (await portOpen(port)) foreign.push(port);
  }
  return {
    ports: servers.map((s) => (s.address() as { port: number }).port),
    foreign,
    requests: () => requests,
    close: async () => {
      for (const s of servers) await new Promise((r) => s.close(r));
    },
  };
}

/** Processes still running with this run's tag in their environment (drills pass it to all they start). */
function processesTagged(tag: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`SELGEO_RUN_TAG=${tag}`))
        found.push(`${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim()}`);
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

async function databasesTagged(tag: string): Promise<string[]> {
  const db = new Client({ connectionString: TEST_DATABASE_URL });
  await db.connect();
  try {
    return (await db.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`%${tag}%`])).rows.map((r) => r.datname);
  } finally {
    await db.end();
  }
}

async function streamsTagged(tag: string): Promise<string[]> {
  const nc = await connect({ servers: TEST_NATS_URL });
  try {
    const names = await (await nc.jetstreamManager()).streams.names().next();
    return names.filter((n) => n.toLowerCase().includes(tag));
  } finally {
    await nc.close();
  }
}

/**
 * The fault drills of docs/RELIABILITY.md, run against the built services as separate processes
 * (sizes trimmed to keep CI short; `npm run drill` runs the full ones). Each drill checks its own
 * result against the history it delivered and exits non-zero on any loss or double count. They run
 * beside a decoy holding the ports they once used, and must leave nothing behind.
 */
describe('fault drills', () => {
  // Every process, database and stream a drill makes carries this tag.
  const tag = `e${randomBytes(3).toString('hex')}`;
  let decoy: Awaited<ReturnType<typeof startDecoy>>;

  beforeAll(async () => {
    decoy = await startDecoy();
    await run('bash', [resolve(root, 'scripts/build.sh')], { cwd: root });
  }, 300_000);

  afterAll(() => decoy?.close());

  const drill = async (script: string, args: string[], env: Record<string, string>) => {
    const { stdout } = await run(process.execPath, [resolve(root, script), ...args], {
      cwd: root,
      env: { ...process.env, BENCH_SKIP_BUILD: '1', SELGEO_RUN_TAG: tag, ...env },
      maxBuffer: 16 * 1024 * 1024,
      // Before Jest's own timeout, so the drill gets its SIGTERM and removes what it made.
      timeout: 240_000,
      killSignal: 'SIGTERM',
    });
    return stdout;
  };

  it('attribution SIGKILLed at random moments, two replicas: nothing lost, nothing doubled', async () => {
    const out = await drill('drills/attribution-crash.js', [], { DRILL_CUSTOMERS: '200', DRILL_KILLS: '3', DRILL_REPLICAS: '2' });
    expect(out).toMatch(/conversions: 600 \(expected 600\); problems: 0/);
    expect(out).toMatch(/announcements: 600 conversion\.created on the CONVERSIONS stream for 600 conversions; missing 0, twice 0/);
    expect(out).toMatch(/drill passed/);
  }, 300_000);

  it('commissions SIGKILLed at random moments: per partner and currency the plan applied to the conversions, each announced once', async () => {
    const out = await drill('drills/commissions-crash.js', [], { DRILL_CUSTOMERS: '150', DRILL_KILLS: '3' });
    expect(out).toMatch(/conversions: 450 \(expected 450\); problems: 0/);
    expect(out).toMatch(
      /commissions: 390 for 390 earning conversions of 450 \(eur, jpy, usd\); missing 0, conversions with more than one 0; .*, 0 differ; problems: 0/,
    );
    expect(out).toMatch(/announcements: 390 commission\.created on the COMMISSIONS stream for 390 commissions; missing 0, twice 0/);
    expect(out).toMatch(/drill passed/);
  }, 300_000);

  it.each(['nats', 'postgres'])(
    '%s stopped for 20 s under a Stripe-like delivery: nothing lost, nothing doubled',
    async (dependency) => {
      const out = await drill('drills/outage.js', [dependency], { DRILL_CUSTOMERS: '150' });
      expect(out).toMatch(/conversions: 450 \(expected 450\); problems: 0/);
      expect(out).toMatch(/drill passed/);
    },
    300_000,
  );

  it('a three-node JetStream cluster loses the Stripe stream leader, then another node: 503s with Retry-After, readiness shows it, nothing lost', async () => {
    const out = await drill('drills/cluster-failover.js', [], { DRILL_CUSTOMERS: '75', DRILL_RESTART_SECONDS: '6', DRILL_TAIL_SECONDS: '3' });
    expect(out).toMatch(/conversions: 225 \(expected 225\); problems: 0/);
    expect(out).toMatch(/clicks stored: \d+ \(\d+ published directly \+ \d+ accepted\); missing 0/);
    expect(out).toMatch(/Conversion API conversions: (\d+) for \1 reports; missing 0, twice 0, unknown 0/);
    expect(out).toMatch(/announcements: (\d+) conversion\.created on the CONVERSIONS stream for \1 conversions; missing 0, twice 0/);
    expect(out).toMatch(
      /commissions: (\d+) for \1 earning conversions .*missing 0, conversions with more than one 0; per partner and currency: \d+ totals, 0 differ/,
    );
    expect(out).toMatch(/announcements: (\d+) commission\.created on the COMMISSIONS stream for \1 commissions; missing 0, twice 0/);
    expect(out).toMatch(/every refusal a 503 with Retry-After: true/);
    expect(out).toMatch(/readiness: unavailable during the failover: .*webhook-ingest.*; all ready at the end: true/);
    expect(out).toMatch(/drill passed/);
  }, 300_000);

  it('10,000 mutated webhook and click requests: no 5xx, no crash, nothing stored', async () => {
    const out = await drill('drills/bad-input.js', [], { DRILL_REQUESTS: '10000' });
    expect(out).toMatch(/5xx or transport errors: 0; services alive and ready: true/);
    expect(out).toMatch(/drill passed/);
  }, 300_000);

  it('a drill stopped half-way (SIGTERM, as on a timeout or Ctrl-C) removes what it had started', async () => {
    const child = execFile(process.execPath, [resolve(root, 'drills/outage.js'), 'nats'], {
      cwd: root,
      env: { ...process.env, BENCH_SKIP_BUILD: '1', SELGEO_RUN_TAG: tag, DRILL_CUSTOMERS: '150' },
    });
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    // Stopped in the middle of the outage: two services and a private nats-server started, the
    // private one down, a database of its own on the shared PostgreSQL.
    await new Promise<void>((started) => child.stdout!.on('data', () => /nats stopped at/.test(output) && started()));
    expect(processesTagged(tag).length).toBeGreaterThanOrEqual(3);
    expect((await databasesTagged(tag)).length).toBe(1);
    child.kill('SIGTERM');
    const code = await new Promise((exited) => child.once('exit', exited));
    expect(code).not.toBe(0);
  }, 120_000);

  it('used none of the decoy on the old fixed ports, and left no process, database or stream behind', async () => {
    // Every old port was held while the drills ran: by the decoy, or by another program (another test run's decoy, say).
    expect([...decoy.ports, ...decoy.foreign].sort()).toEqual([...FORMERLY_FIXED_PORTS].sort());
    expect(decoy.requests()).toBe(0);
    expect(processesTagged(tag)).toEqual([]);
    expect(await databasesTagged(tag)).toEqual([]);
    expect(await streamsTagged(tag)).toEqual([]);
  });
});
