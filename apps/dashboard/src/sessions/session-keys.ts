import { Inject, Injectable } from '@nestjs/common';
import { MODES } from '@app/domain';
import { ApiKeyDirectory } from '@app/platform';
import { DASHBOARD_CONFIG, DashboardConfig, SESSION_KEY_SECRET } from '../config';
import { DashboardUser } from '../users/dashboard-user';
import { ActiveSession, SessionsRepository } from './sessions.repository';
import { SessionSecrets } from './session-secrets';

/**
 * Opens and ends sessions: a session's row here, and its keys in the directory every service reads,
 * so the services accept the dashboard's forwarded calls exactly as long as the session lasts.
 */
@Injectable()
export class SessionKeys {
  constructor(
    @Inject(SessionsRepository) private readonly sessions: SessionsRepository,
    @Inject(ApiKeyDirectory) private readonly directory: ApiKeyDirectory,
    @Inject(DASHBOARD_CONFIG) private readonly config: DashboardConfig,
    @Inject(SESSION_KEY_SECRET) private readonly keySecret: Buffer,
  ) {}

  async open(user: DashboardUser): Promise<{ secrets: SessionSecrets; session: ActiveSession }> {
    const secrets = SessionSecrets.issue(this.keySecret);
    const expiresAt = new Date(Date.now() + this.config.DASHBOARD_SESSION_HOURS * 3_600_000);
    // Keys first: were the row written first and the keys not, the session would exist but every page would fail.
    for (const mode of MODES) {
      await this.directory.publishSessionKey(secrets.keyHashFor(mode), {
        workspaceId: user.workspaceId,
        mode,
        kind: 'secret',
        expiresAt: expiresAt.toISOString(),
        actor: `dashboard_user:${user.id}`,
      });
    }
    await this.sessions.create(secrets.tokenHash, user.id, secrets.keyHashes, expiresAt);
    return { secrets, session: { user, expiresAt } };
  }

  /** The session's secrets from its cookie's value (null when it cannot be a session's). */
  fromCookie(value: string | undefined): SessionSecrets | null {
    return SessionSecrets.fromCookie(value, this.keySecret);
  }

  /**
   * Withdraws sessions' keys: every service refuses them from the moment the directory tells it.
   * Called before a session's row goes, so a failure (503) leaves the session to be ended again.
   */
  async withdraw(keyHashes: string[]): Promise<void> {
    for (const keyHash of keyHashes) await this.directory.withdrawSessionKey(keyHash);
  }
}
