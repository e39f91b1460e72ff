import { PeriodicSweep } from './periodic-sweep';

class CountingSweep extends PeriodicSweep<void> {
  sweeps = 0;
  protected sweepIntervalMs(): number {
    return 5;
  }
  protected sweepOnce(): Promise<void> {
    this.sweeps++;
    return Promise.resolve();
  }
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('PeriodicSweep', () => {
  it('keeps one timer when bootstrapped twice (a hybrid app), and none after shutdown', async () => {
    const sweep = new CountingSweep();
    sweep.onApplicationBootstrap();
    sweep.onApplicationBootstrap();
    await wait(30);
    await sweep.beforeApplicationShutdown();
    const atShutdown = sweep.sweeps;
    expect(atShutdown).toBeGreaterThan(0);
    await wait(30);
    expect(sweep.sweeps).toBe(atShutdown);
  });
});
