import { Injectable } from '@nestjs/common';

/**
 * The time every use case reads. Injected so the tests move time (past a hold period) instead of
 * waiting; production runs on the system clock.
 */
@Injectable()
export class Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Tests only: moves this clock forward. */
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
