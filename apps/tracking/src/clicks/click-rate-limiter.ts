import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * A fixed one-minute window per publishable key. It is per replica: N replicas behind a load
 * balancer allow up to N times the limit, which is acceptable for abuse protection (not billing).
 */
export class ClickRateLimiter {
  private windowStart = 0;
  private readonly counts = new Map<string, number>();

  constructor(private readonly perMinute: number) {}

  consume(key: string, now = Date.now()): void {
    const window = Math.floor(now / 60_000);
    if (window !== this.windowStart) {
      this.windowStart = window;
      this.counts.clear();
    }
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    if (count > this.perMinute) {
      throw new HttpException(
        { statusCode: 429, error: 'Too Many Requests', message: `Click registration is limited to ${this.perMinute} a minute per publishable key` },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
  }
}
