import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRows } from '@app/persistence';
import { RateLimitedException } from '@app/platform';
import { DASHBOARD_CONFIG, DashboardConfig } from '../../config';
import { spendAsLongAsAVerification, verifyPassword } from '../../users/password-hash';

const WINDOW_SECONDS = 15 * 60;
/** A client address may fail this many times more than one email address: an office shares one. */
const CLIENT_FACTOR = 10;

/** The rows one admitted attempt wrote: removed if its password was right. */
export interface SignInAttempt {
  /** `email:<address>` for the dashboard's users, `portal-email:<address>` for the portal's partners. */
  emailSubject: string;
  ids: string[];
}

/**
 * Slows password guessing: an email address may have N attempts not known to have succeeded
 * within a quarter of an hour (a client address 10·N), then waits until the oldest ages out.
 * Each attempt is written before its password is checked, so attempts sent at once count one
 * another (counting only failures afterwards let a burst through), and kept in PostgreSQL so every
 * replica counts the same attempts. An attempt refused here is not kept: it checked nothing.
 */
@Injectable()
export class SignInThrottle {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(DASHBOARD_CONFIG) private readonly config: DashboardConfig,
  ) {}

  /**
   * The portal's accounts are counted apart from the dashboard's (an address may have one of each),
   * its clients with the dashboard's: one guesser, whichever form it tries.
   */
  async admit(email: string, client: string, accounts: 'dashboard' | 'portal' = 'dashboard'): Promise<SignInAttempt> {
    const limit = this.config.DASHBOARD_SIGN_IN_FAILURES;
    const subjects = [`${accounts === 'portal' ? 'portal-email' : 'email'}:${email}`, `client:${client}`];
    const ids = (await queryRows<{ id: string }>(this.db, `INSERT INTO dashboard.sign_in_attempts (subject) VALUES ($1), ($2) RETURNING id`, subjects)).map(
      (row) => row.id,
    );
    const counts = await queryRows<{ subject: string; attempts: number; wait_seconds: number }>(
      this.db,
      `SELECT subject, count(*)::int AS attempts,
              ceil(extract(epoch FROM min(attempted_at) + make_interval(secs => $2) - now()))::int AS wait_seconds
       FROM dashboard.sign_in_attempts WHERE subject = ANY($1) AND attempted_at > now() - make_interval(secs => $2)
       GROUP BY subject`,
      [subjects, WINDOW_SECONDS],
    );
    const over = counts.find((row) => row.attempts > (row.subject === subjects[0] ? limit : limit * CLIENT_FACTOR));
    if (over) {
      await this.db.query(`DELETE FROM dashboard.sign_in_attempts WHERE id = ANY($1)`, [ids]);
      const minutes = Math.ceil(Math.max(1, over.wait_seconds) / 60);
      throw new RateLimitedException(`Too many failed sign-ins for this address; try again in ${minutes} minute(s)`, Math.max(1, over.wait_seconds));
    }
    return { emailSubject: subjects[0], ids };
  }

  /** A right password: the address's earlier failures are forgiven (not the client's: one guesser may try many addresses). */
  async succeeded(attempt: SignInAttempt): Promise<void> {
    await this.db.query(`DELETE FROM dashboard.sign_in_attempts WHERE subject = $1 OR id = ANY($2)`, [attempt.emailSubject, attempt.ids]);
  }

  /**
   * A password checked under the limit, against the account `find` finds (null for an address without
   * one: then as long is spent, so the answer does not tell). Right: the address's failures are
   * forgiven and the account answered; wrong: the attempt stays counted, and null is answered.
   */
  async check<A>(
    email: string,
    client: string,
    accounts: 'dashboard' | 'portal',
    password: string,
    find: () => Promise<{ account: A; passwordHash: string } | null>,
  ): Promise<A | null> {
    const attempt = await this.admit(email, client, accounts);
    const found = await find();
    if (!found) {
      await spendAsLongAsAVerification(password);
      return null;
    }
    if (!(await verifyPassword(password, found.passwordHash))) return null;
    await this.succeeded(attempt);
    return found.account;
  }

  async forgetOld(): Promise<void> {
    await this.db.query(`DELETE FROM dashboard.sign_in_attempts WHERE attempted_at <= now() - make_interval(secs => $1)`, [WINDOW_SECONDS]);
  }
}
