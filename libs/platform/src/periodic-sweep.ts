import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';

/**
 * A service that sweeps every `sweepIntervalMs()` from start-up, on a timer that does not keep the
 * process alive. A sweep asked for while one runs joins it rather than running twice. It stops in
 * `beforeApplicationShutdown`, before the database closes (its own shutdown hook), so no sweep
 * starts, or runs on, after that.
 */
export abstract class PeriodicSweep<T> implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<T>;

  protected abstract sweepIntervalMs(): number;

  /** One sweep. */
  protected abstract sweepOnce(): Promise<T>;

  onApplicationBootstrap(): void {
    // A hybrid app (HTTP and microservices) bootstraps its providers once per part: one timer all the same,
    // or the second would outlive the shutdown and sweep a closed database.
    if (this.timer) return;
    this.timer = setInterval(() => void this.sweepNow(), this.sweepIntervalMs());
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One sweep now, or the one running. */
  protected sweepNow(): Promise<T> {
    this.running ??= this.sweepOnce().finally(() => (this.running = undefined));
    return this.running;
  }
}

/**
 * Runs a sweep's work; a failure is a warning, not an error: what the sweep looks for is still
 * there, so the next sweep tries again and nothing is lost.
 */
export async function sweepOrWarn(logger: Pick<Logger, 'warn'>, failure: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (err) {
    logger.warn({ msg: failure, error: err instanceof Error ? err.message : String(err) });
  }
}
