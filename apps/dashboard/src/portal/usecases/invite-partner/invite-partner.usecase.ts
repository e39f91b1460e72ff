import { ConflictException, Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { hashApiKey, Mode } from '@app/domain';
import { DASHBOARD_CONFIG, DashboardConfig } from '../../../config';
import { ServiceForwarder, workspaceNameOr } from '../../../forwarding/service-forwarder';
import { SignedInSession } from '../../../sessions/session.guard';
import { TrackedPartner } from '../../partner-api';
import { PartnerAccountsRepository } from '../../partner-accounts.repository';

export interface InvitePartnerCommand {
  session: SignedInSession;
  partnerId: string;
  mode: Mode;
  /** The dashboard's origin as the merchant reached it: the link is on it. */
  origin: string;
}

/**
 * A merchant invites a partner to the portal: a single-use link that expires, on the dashboard's
 * origin, its token in the fragment (never sent to a server, so never in a log or a Referer). Only
 * the token's SHA-256 is kept; a new invitation voids the partner's unused ones.
 */
@Injectable()
export class InvitePartnerUseCase {
  constructor(
    @Inject(PartnerAccountsRepository) private readonly accounts: PartnerAccountsRepository,
    @Inject(ServiceForwarder) private readonly services: ServiceForwarder,
    @Inject(DASHBOARD_CONFIG) private readonly config: DashboardConfig,
  ) {}

  async execute(command: InvitePartnerCommand) {
    const { session, partnerId, mode } = command;
    const key = session.secrets.keyFor(mode);
    // Tracking answers 404 for a partner of another workspace or mode, in its own words.
    const partner = await this.services.call<TrackedPartner>('tracking', key, 'GET', `/v1/partners/${partnerId}`);
    const workspaceName = await workspaceNameOr(session.user.workspaceId, () => this.services.call('tracking', key, 'GET', '/v1/settings'));
    const existing = await this.accounts.find(session.user.workspaceId, mode, partnerId);
    if (existing?.suspendedAt) throw new ConflictException(`${partner.name}'s access to the portal is suspended: resume it before inviting them again`);
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.config.PORTAL_INVITATION_HOURS * 3_600_000);
    const { id } = await this.accounts.invite(session.user.workspaceId, mode, partnerId, {
      tokenHash: hashApiKey(token),
      partnerName: partner.name,
      partnerEmail: partner.email,
      workspaceName,
      invitedBy: session.user.id,
      expiresAt,
    });
    return {
      object: 'partner_invitation',
      id,
      partner_id: partnerId,
      mode,
      url: `${command.origin}/portal/accept#${token}`,
      expires_at: expiresAt.toISOString(),
    };
  }
}
