import { Inject, Injectable } from '@nestjs/common';
import { ApiKeyIdentity, Mode, MODES } from '@app/domain';
import { ApiKeyDirectory } from '@app/platform';
import { DASHBOARD_CONFIG, DashboardConfig, PORTAL_KEY_SECRET, SESSION_KEY_SECRET } from '../config';
import { SignedInPartner } from '../portal/partner-account';
import { DashboardUser } from '../users/dashboard-user';
import { ActivePortalSession, ActiveSession, SessionOwner, SessionsRepository } from './sessions.repository';
import { SessionSecrets } from './session-secrets';

/**
 * Opens and ends sessions: a session's row here, and its keys in the directory every service reads,
 * so the services accept the dashboard's (or the portal's) calls exactly as long as the session lasts.
 */
@Injectable()
export class SessionKeys {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly directory: ApiKeyDirectory,
    @Inject(DASHBOARD_CONFIG) private readonly config: DashboardConfig,
    @Inject(SESSION_KEY_SECRET) private readonly keySecret: Buffer,
    @Inject(PORTAL_KEY_SECRET) private readonly portalKeySecret: Buffer,
  ) {}

  /** A dashboard user's session: an `ss_` key per mode, acting as the user. */
  async open(user: DashboardUser): Promise<{ secrets: SessionSecrets; session: ActiveSession }> {
    const secrets = SessionSecrets.issue(this.keySecret, 'ss');
    const expiresAt = this.endOf(this.config.DASHBOARD_SESSION_HOURS);
    await this.start(secrets, MODES, { workspaceId: user.workspaceId, actor: `dashboard_user:${user.id}` }, { userId: user.id }, expiresAt);
    return { secrets, session: { user, expiresAt } };
  }

  /** A partner's portal session: one `ps_` key, of the partner's workspace and mode only, acting for the partner. */
  async openForPartner(partner: SignedInPartner): Promise<{ secrets: SessionSecrets; session: ActivePortalSession }> {
    const secrets = SessionSecrets.issue(this.portalKeySecret, 'ps');
    const expiresAt = this.endOf(this.config.PORTAL_SESSION_HOURS);
    const identity = { workspaceId: partner.workspaceId, actor: `partner:${partner.partnerId}`, partnerId: partner.partnerId };
    await this.start(secrets, [partner.mode], identity, { partnerAccountId: partner.id }, expiresAt);
    return { secrets, session: { partner, expiresAt } };
  }

  /** Keys first: were the row written first and the keys not, the session would exist but every page would fail. */
  private async start(
    secrets: SessionSecrets,
    modes: readonly Mode[],
    identity: Pick<ApiKeyIdentity, 'workspaceId' | 'actor' | 'partnerId'>,
    owner: SessionOwner,
    expiresAt: Date,
  ): Promise<void> {
    for (const mode of modes) {
      await this.directory.publishSessionKey(secrets.keyHashFor(mode), { ...identity, mode, kind: 'secret', expiresAt: expiresAt.toISOString() });
    }
    await this.sessions.create(
      secrets.tokenHash,
      owner,
      modes.map((mode) => secrets.keyHashFor(mode)),
      expiresAt,
    );
  }

  private endOf(hours: number): Date {
    return new Date(Date.now() + hours * 3_600_000);
  }

  /** The session's secrets from its cookie's value (null when it cannot be a session's). */
  fromCookie(value: string | undefined): SessionSecrets | null {
    return SessionSecrets.fromCookie(value, this.keySecret, 'ss');
  }

  /** A portal session's secrets from its cookie's value. */
  portalFromCookie(value: string | undefined): SessionSecrets | null {
    return SessionSecrets.fromCookie(value, this.portalKeySecret, 'ps');
  }

  /**
   * Withdraws sessions' keys: every service refuses them from the moment the directory tells it.
   * Called before a session's row goes, so a failure (503) leaves the session to be ended again.
   */
  async withdraw(keyHashes: string[]): Promise<void> {
    for (const keyHash of keyHashes) await this.directory.withdrawSessionKey(keyHash);
  }
}
