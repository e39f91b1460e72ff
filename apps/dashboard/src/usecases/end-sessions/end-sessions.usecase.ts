import { Inject, Injectable, Logger } from '@nestjs/common';
import { PeriodicSweep } from '@app/platform';
import { SessionKeys } from '../../sessions/session-keys';
import { SessionsRepository } from '../../sessions/sessions.repository';
import { SignInThrottle } from '../sign-in/sign-in-throttle';

const SWEEP_INTERVAL_MS = 60_000;
const EXPIRED_PER_SWEEP = 500;

/**
 * Ends sessions: one (sign-out), all of a user's (sign-out everywhere, a password change), and,
 * every minute, those past their expiry, whose keys the services already refuse but the directory
 * still holds.
 */
@Injectable()
export class EndSessionsUseCase extends PeriodicSweep<number> {
  private readonly logger = new Logger(EndSessionsUseCase.name);

  constructor(
    @Inject(SessionsRepository) private readonly sessions: SessionsRepository,
    @Inject(SessionKeys) private readonly sessionKeys: SessionKeys,
    @Inject(SignInThrottle) private readonly throttle: SignInThrottle,
  ) {
    super();
  }

  async signOut(tokenHash: string): Promise<void> {
    await this.sessionKeys.withdraw(await this.sessions.end(tokenHash));
  }

  /** Every session of the user but `keep`'s. */
  async signOutEverywhere(userId: string, keep?: string): Promise<void> {
    await this.sessionKeys.withdraw(await this.sessions.endAllOf(userId, keep));
  }

  protected sweepIntervalMs(): number {
    return SWEEP_INTERVAL_MS;
  }

  protected async sweepOnce(): Promise<number> {
    try {
      const keyHashes = await this.sessions.endExpired(EXPIRED_PER_SWEEP);
      await this.sessionKeys.withdraw(keyHashes);
      await this.throttle.forgetOld();
      return keyHashes.length;
    } catch (err) {
      // The next sweep tries again; expired keys are refused by the services meanwhile (their expiry).
      this.logger.warn({ msg: 'sweep of expired sessions failed', err: (err as Error).message });
      return 0;
    }
  }
}
