/**
 * A sweep run every `intervalMs` once started, on a timer that does not keep the process alive. A
 * sweep asked for while one runs joins it rather than running twice. `stop()` belongs in
 * `beforeApplicationShutdown`: it runs before the database closes (its own shutdown hook), so no
 * sweep starts, or runs on, after that.
 */
export class PeriodicSweep<T> {
  private timer?: NodeJS.Timeout;
  private running?: Promise<T>;

  constructor(private readonly sweepOnce: () => Promise<T>) {}

  start(intervalMs: number): void {
    this.timer = setInterval(() => void this.run(), intervalMs);
    this.timer.unref();
  }

  /** One sweep now, or the one running. */
  run(): Promise<T> {
    this.running ??= this.sweepOnce().finally(() => (this.running = undefined));
    return this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
