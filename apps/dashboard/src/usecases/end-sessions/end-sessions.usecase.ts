import { Injectable, Logger } from '@nestjs/common';
import { PeriodicSweep } from '@app/platform';
import { SessionKeys } from '../../sessions/session-keys';
import { SessionKeyHashes, SessionOwner, SessionsRepository } from '../../sessions/sessions.repository';
import { SignInThrottle } from '../sign-in/sign-in-throttle';

const SWEEP_INTERVAL_MS = 60_000;
const EXPIRED_PER_SWEEP = 500;

/**
 * Ends sessions, the dashboard's and the partner portal's: one (sign-out), all of a user's or a
 * partner's (sign-out everywhere, a password change, a suspension), and, every minute, those past
 * their expiry, whose keys the services already refuse but the directory still holds.
 */
@Injectable()
export class EndSessionsUseCase extends PeriodicSweep<number> {
  private readonly logger = new Logger(EndSessionsUseCase.name);

  constructor(
    private readonly sessions: SessionsRepository,
    private readonly sessionKeys: SessionKeys,
    private readonly throttle: SignInThrottle,
  ) {
    super();
  }

  async signOut(tokenHash: string): Promise<void> {
    await this.end(await this.sessions.keysOf({ tokenHash }));
  }

  /** Every session of the user (or the partner's account) but `keep`'s. */
  async signOutEverywhere(owner: string | SessionOwner, keep?: string): Promise<void> {
    await this.end(await this.sessions.keysOf({ ...(typeof owner === 'string' ? { userId: owner } : owner), keep }));
  }

  /** The keys first: should withdrawing fail (503), the sessions are still there to be ended again. */
  private async end(sessions: SessionKeyHashes[]): Promise<number> {
    await this.sessionKeys.withdraw(sessions.flatMap((session) => session.key_hashes));
    await this.sessions.remove(sessions.map((session) => session.token_hash));
    return sessions.length;
  }

  protected sweepIntervalMs(): number {
    return SWEEP_INTERVAL_MS;
  }

  protected async sweepOnce(): Promise<number> {
    try {
      const ended = await this.end(await this.sessions.expired(EXPIRED_PER_SWEEP));
      await this.throttle.forgetOld();
      return ended;
    } catch (err) {
      // The next sweep tries again; expired keys are refused by the services meanwhile (their expiry).
      this.logger.warn({ msg: 'sweep of expired sessions failed', err: (err as Error).message });
      return 0;
    }
  }
}
