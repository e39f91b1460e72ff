import { HttpException, HttpStatus } from '@nestjs/common';

/** A 429 that says when to come back: the error filter sends `Retry-After` with it. */
export class RateLimitedException extends HttpException {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super({ statusCode: 429, error: 'Too Many Requests', message }, HttpStatus.TOO_MANY_REQUESTS);
  }
}

/**
 * A fixed one-minute window per key. It is per replica: N replicas behind a load balancer allow
 * up to N times the limit, which is acceptable for abuse protection (not billing).
 */
export class RateLimiter {
  private windowStart = 0;
  private readonly counts = new Map<string, number>();

  /** `what` completes "… is limited to N a minute", e.g. "Click registration" / "per publishable key". */
  constructor(
    private readonly perMinute: number,
    private readonly what: string,
  ) {}

  consume(key: string, now = Date.now()): void {
    const window = Math.floor(now / 60_000);
    if (window !== this.windowStart) {
      this.windowStart = window;
      this.counts.clear();
    }
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    if (count > this.perMinute) {
      const retryAfter = 60 - Math.floor((now % 60_000) / 1000);
      throw new RateLimitedException(`${this.what.replace('%d', String(this.perMinute))}; retry in ${retryAfter} s`, retryAfter);
    }
  }
}
