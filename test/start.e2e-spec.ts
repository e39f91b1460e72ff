import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { connect } from 'nats';
import { dropDatabase } from '../scripts/create-database';
import { freePort } from './support/nats-server';
import { TEST_DATABASE_URL, TEST_NATS_URL } from './support/test-env';

const root = resolve(__dirname, '..');
const services = ['tracking', 'webhook-ingest', 'attribution', 'commissions', 'dashboard'] as const;

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * `npm start` as a user runs it, on free ports, with its own state folder, database and NATS
 * namespace, so it shares the machine with whatever else runs there.
 */
describe('npm start', () => {
  const suffix = randomBytes(3).toString('hex');
  const stateDir = mkdtempSync(join(tmpdir(), 'selgeo-start-'));
  const databaseUrl = Object.assign(new URL(TEST_DATABASE_URL), { pathname: `/selgeo_start_${suffix}` }).toString();
  const namespace = `start${suffix}`;
  let env: NodeJS.ProcessEnv;
  let ports: Record<(typeof services)[number], number>;
  let first: Outcome;

  const start = (args: string[], extra: NodeJS.ProcessEnv = {}): Promise<Outcome> => {
    const started = Date.now();
    return new Promise((done) => {
      execFile(
        'bash',
        [resolve(root, 'scripts/up.sh'), ...args],
        { cwd: root, env: { ...env, ...extra }, timeout: 240_000, killSignal: 'SIGTERM' },
        (err, stdout, stderr) => done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr, ms: Date.now() - started }),
      );
    });
  };
  const pidOf = (service: string) => Number(readFileSync(join(stateDir, 'pids', `${service}.pid`), 'utf8'));
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const ready = async (port: number) => (await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined))?.ok === true;

  beforeAll(async () => {
    ports = {
      tracking: await freePort(),
      'webhook-ingest': await freePort(),
      attribution: await freePort(),
      commissions: await freePort(),
      dashboard: await freePort(),
    };
    env = {
      ...process.env,
      SELGEO_STATE_DIR: stateDir,
      DATABASE_URL: databaseUrl,
      NATS_URL: TEST_NATS_URL,
      SELGEO_NAMESPACE: namespace,
      TRACKING_PORT: String(ports.tracking),
      WEBHOOK_INGEST_PORT: String(ports['webhook-ingest']),
      ATTRIBUTION_PORT: String(ports.attribution),
      COMMISSIONS_PORT: String(ports.commissions),
      DASHBOARD_PORT: String(ports.dashboard),
      DASHBOARD_OWNER_EMAIL: `owner@${namespace}.example`,
    };
    delete env.STRIPE_WEBHOOK_SECRETS;
    delete env.WEBHOOK_SECRETS_KEY;
    first = await start(['--detach']);
    if (first.code !== 0) throw new Error(`npm start failed:\n${first.stderr}`);
  }, 300_000);

  afterAll(async () => {
    await new Promise((done) => execFile('bash', [resolve(root, 'scripts/stop.sh'), '--quiet'], { env }, done));
    const nc = await connect({ servers: TEST_NATS_URL });
    const jsm = await nc.jetstreamManager();
    for (const name of await jsm.streams.names().next()) {
      if (name.startsWith(`${namespace.toUpperCase()}_`) || name.startsWith(`KV_${namespace}_`)) await jsm.streams.delete(name);
    }
    await nc.close();
    await dropDatabase(databaseUrl);
    rmSync(stateDir, { recursive: true, force: true });
  }, 60_000);

  it("creates the default workspace's dashboard owner, shows the password once, and the dashboard signs them in", async () => {
    const password = /password (\S{20})/.exec(first.stdout)?.[1];
    expect(first.stdout).toContain(`email    owner@${namespace}.example`);
    expect(password).toBeDefined();
    expect(JSON.parse(readFileSync(join(stateDir, 'dashboard-owner.json'), 'utf8'))).toMatchObject({ created: true, password });
    const signIn = await fetch(`http://127.0.0.1:${ports.dashboard}/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `owner@${namespace}.example`, password }),
    });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0];
    const partners = await fetch(`http://127.0.0.1:${ports.dashboard}/api/test/v1/partners`, { headers: { cookie } });
    expect(partners.status).toBe(200);
  });

  it('with a bad setting fails within seconds, naming the setting first, and leaves the running instance up', async () => {
    const pids = services.map(pidOf);

    const outcome = await start([], { STRIPE_WEBHOOK_SECRETS: 'not_a_secret' });

    expect(outcome.code).not.toBe(0);
    expect(outcome.ms).toBeLessThan(8000);
    expect(outcome.stdout).toBe('');
    const lines = outcome.stderr.trim().split('\n');
    expect(lines.slice(0, 2).join('\n')).toMatch(/STRIPE_WEBHOOK_SECRETS: every secret must start with whsec_/);
    expect(outcome.stderr).not.toContain('not_a_secret');
    expect(services.map(pidOf)).toEqual(pids);
    expect(pids.every(alive)).toBe(true);
    for (const service of services) expect(await ready(ports[service])).toBe(true);
  }, 60_000);

  it('npm run demo walks partner to conversion and exits as soon as it is done', async () => {
    const started = Date.now();
    const { stdout } = await promisify(execFile)(process.execPath, [resolve(root, 'scripts/demo.js')], { cwd: root, env, timeout: 30_000 });
    expect(stdout).toMatch(/5\. attributed: conversion/);
    expect(stdout).toMatch(/7\. Conversion API: lead/);
    // The path itself takes well under a second; a forgotten timer used to hold the process for 10 s.
    expect(Date.now() - started).toBeLessThan(5000);
  }, 60_000);

  it('a second start says one is running and what to do, and stops nothing', async () => {
    const pids = services.map(pidOf);

    const outcome = await start([]);

    expect(outcome.code).not.toBe(0);
    expect(outcome.stderr).toMatch(/already running.*tracking \(pid \d+\).*npm run stop/s);
    expect(pids.every(alive)).toBe(true);
    for (const service of services) expect(await ready(ports[service])).toBe(true);
  }, 60_000);
});
