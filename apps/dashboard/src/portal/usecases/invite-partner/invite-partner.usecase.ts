import { ConflictException, Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { hashApiKey, Mode } from '@app/domain';
import { DASHBOARD_CONFIG, DashboardConfig } from '../../../config';
import { ServiceForwarder, workspaceNameOr } from '../../../forwarding/service-forwarder';
import { SignedInSession } from '../../../sessions/session.guard';
import { InvitationMailer } from '../../invitation-mailer';
import { TrackedPartner } from '../../partner-api';
import { PartnerAccountsRepository } from '../../partner-accounts.repository';

export interface InvitePartnerCommand {
  session: SignedInSession;
  partnerId: string;
  mode: Mode;
  /** The dashboard's origin as the merchant reached it: the link is on it. */
  origin: string;
}

/** Whether the invitation was emailed, to whom, and why not (in the merchant's words) when it should have been. */
export interface InvitationEmailAnswer {
  sent: boolean;
  to: string | null;
  error?: string;
}

/**
 * A merchant invites a partner to the portal: a single-use link that expires, on the dashboard's
 * origin, its token in the fragment (never sent to a server, so never in a log or a Referer). Only
 * the token's SHA-256 is kept; a new invitation voids the partner's unused ones. With a mail server
 * configured, the link is also emailed to the partner's address, after the invitation is stored: a
 * failed send leaves the invitation as it is, and the merchant still has the link to give.
 */
@Injectable()
export class InvitePartnerUseCase {
  constructor(
    private readonly accounts: PartnerAccountsRepository,
    private readonly services: ServiceForwarder,
    @Inject(DASHBOARD_CONFIG) private readonly config: DashboardConfig,
    private readonly mailer: InvitationMailer,
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
    const url = `${command.origin}/portal/accept#${token}`;
    const email = await this.email({ to: partner.email, partnerName: partner.name, workspaceName, url, expiresAt });
    return { object: 'partner_invitation', id, partner_id: partnerId, mode, url, expires_at: expiresAt.toISOString(), email };
  }

  private async email(invitation: {
    to: string | null;
    partnerName: string;
    workspaceName: string;
    url: string;
    expiresAt: Date;
  }): Promise<InvitationEmailAnswer> {
    if (!this.mailer.enabled) return { sent: false, to: null };
    const { to } = invitation;
    if (!to) return { sent: false, to: null, error: `${invitation.partnerName} has no email address: add one to the partner to email their next invitation` };
    const outcome = await this.mailer.send({ ...invitation, to });
    return outcome.sent ? { sent: true, to } : { sent: false, to, error: outcome.error };
  }
}
