import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRows } from '@app/persistence';
import { RateLimitedException } from '@app/platform';
import { DASHBOARD_CONFIG, DashboardConfig } from '../../config';

const WINDOW_SECONDS = 15 * 60;
/** A client address may fail this many times more than one email address: an office shares one. */
const CLIENT_FACTOR = 10;

/**
 * Slows password guessing: after N failed sign-ins for an email address within a quarter of an
 * hour (or 10·N from one client address) further attempts are refused until the oldest failure
 * ages out. Kept in PostgreSQL so every replica counts the same failures.
 */
@Injectable()
export class SignInThrottle {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(DASHBOARD_CONFIG) private readonly config: DashboardConfig,
  ) {}

  async check(email: string, client: string): Promise<void> {
    const limit = this.config.DASHBOARD_SIGN_IN_FAILURES;
    for (const [subject, allowed] of [
      [`email:${email}`, limit],
      [`client:${client}`, limit * CLIENT_FACTOR],
    ] as const) {
      const [row] = await queryRows<{ failures: number; wait_seconds: number }>(
        this.db,
        `SELECT count(*)::int AS failures,
                ceil(extract(epoch FROM min(failed_at) + make_interval(secs => $2) - now()))::int AS wait_seconds
         FROM dashboard.sign_in_failures WHERE subject = $1 AND failed_at > now() - make_interval(secs => $2)`,
        [subject, WINDOW_SECONDS],
      );
      if (row.failures >= allowed) {
        const wait = Math.max(1, row.wait_seconds);
        throw new RateLimitedException(
          `Too many failed sign-ins; try again in ${Math.ceil(wait / 60)} minute(s), or ask an owner to reset your password`,
          wait,
        );
      }
    }
  }

  async recordFailure(email: string, client: string): Promise<void> {
    await this.db.query(`INSERT INTO dashboard.sign_in_failures (subject) VALUES ($1), ($2)`, [`email:${email}`, `client:${client}`]);
  }

  /** A right password clears the address's failures (not the client's: one guesser may try many addresses). */
  async clear(email: string): Promise<void> {
    await this.db.query(`DELETE FROM dashboard.sign_in_failures WHERE subject = $1`, [`email:${email}`]);
  }

  async forgetOld(): Promise<void> {
    await this.db.query(`DELETE FROM dashboard.sign_in_failures WHERE failed_at <= now() - make_interval(secs => $1)`, [WINDOW_SECONDS]);
  }
}
