import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = resolve(__dirname, '..');

/**
 * The fault drills of docs/RELIABILITY.md, run against the built services as separate processes
 * (sizes trimmed to keep CI short; `npm run drill` runs the full ones). Each drill checks its own
 * result against the history it delivered and exits non-zero on any loss or double count.
 */
describe('fault drills', () => {
  beforeAll(async () => {
    await run('bash', [resolve(root, 'scripts/build.sh')], { cwd: root });
  }, 300_000);

  const drill = async (script: string, args: string[], env: Record<string, string>) => {
    const { stdout } = await run(process.execPath, [resolve(root, script), ...args], {
      cwd: root,
      env: { ...process.env, BENCH_SKIP_BUILD: '1', ...env },
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout;
  };

  it('attribution SIGKILLed at random moments, two replicas: nothing lost, nothing doubled', async () => {
    const out = await drill('drills/attribution-crash.js', [], { DRILL_CUSTOMERS: '200', DRILL_KILLS: '3', DRILL_REPLICAS: '2' });
    expect(out).toMatch(/conversions: 600 \(expected 600\); problems: 0/);
    expect(out).toMatch(/announcements: 600 conversion\.created on the CONVERSIONS stream for 600 conversions; missing 0, twice 0/);
    expect(out).toMatch(/drill passed/);
  }, 300_000);

  it.each(['nats', 'postgres'])('%s stopped for 20 s under a Stripe-like delivery: nothing lost, nothing doubled', async (dependency) => {
    const out = await drill('drills/outage.js', [dependency], { DRILL_CUSTOMERS: '150' });
    expect(out).toMatch(/conversions: 450 \(expected 450\); problems: 0/);
    expect(out).toMatch(/drill passed/);
  }, 300_000);

  it('10,000 mutated webhook and click requests: no 5xx, no crash, nothing stored', async () => {
    const out = await drill('drills/bad-input.js', [], { DRILL_REQUESTS: '10000' });
    expect(out).toMatch(/5xx or transport errors: 0; services alive and ready: true/);
    expect(out).toMatch(/drill passed/);
  }, 300_000);
});
