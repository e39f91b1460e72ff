import { BadRequestException, ForbiddenException, GoneException, Injectable } from '@nestjs/common';
import { hashApiKey } from '@app/domain';
import { SessionKeys } from '../../../sessions/session-keys';
import { EndSessionsUseCase } from '../../../usecases/end-sessions/end-sessions.usecase';
import { normaliseEmail } from '../../../users/dashboard-user';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../../../users/password-hash';
import { SignedInPartner } from '../../partner-account';
import { Invitation, PartnerAccountsRepository } from '../../partner-accounts.repository';

export interface AcceptInvitationCommand {
  token: string;
  email: string;
  password: string;
}

export const SUSPENDED_MESSAGE = 'Your access to this partner portal is suspended: ask the merchant who invited you to resume it';

/**
 * An invitation, read and accepted: the partner chooses the email and password they sign in with,
 * the invitation is used up, and they are signed in. An invitation accepted again, expired or voided
 * by a newer one is gone (410), in words that say whom to ask.
 */
@Injectable()
export class AcceptInvitationUseCase {
  constructor(
    private readonly accounts: PartnerAccountsRepository,
    private readonly sessionKeys: SessionKeys,
    private readonly endSessions: EndSessionsUseCase,
  ) {}

  async inspect(token: string) {
    const invitation = await this.usable(token);
    return {
      object: 'partner_invitation_preview',
      partner_name: invitation.partnerName,
      workspace_name: invitation.workspaceName,
      email: invitation.account.email ?? invitation.partnerEmail,
      expires_at: invitation.expiresAt.toISOString(),
    };
  }

  async accept(command: AcceptInvitationCommand) {
    if (command.password.length < MIN_PASSWORD_LENGTH) throw new BadRequestException(`The password must be at least ${MIN_PASSWORD_LENGTH} characters long`);
    // Checked before the (slow) hash, and again as it is used: of two acceptances at once, one wins.
    const invitation = await this.usable(command.token);
    const email = normaliseEmail(command.email);
    const account = await this.accounts.accept(hashApiKey(command.token), email, await hashPassword(command.password));
    if (!account) throw gone(invitation);
    // An account invited again (a forgotten password, say): whoever held the old password is signed out.
    await this.endSessions.signOutEverywhere({ partnerAccountId: account.id });
    await this.accounts.markSignedIn(account.id);
    return this.sessionKeys.openForPartner(account as SignedInPartner);
  }

  private async usable(token: string): Promise<Invitation> {
    const invitation = await this.accounts.invitation(hashApiKey(token));
    if (invitation?.account.suspendedAt) throw new ForbiddenException(SUSPENDED_MESSAGE);
    if (!invitation?.usable) throw gone(invitation);
    return invitation;
  }
}

function gone(invitation: Invitation | null): GoneException {
  const merchant = invitation?.workspaceName ?? 'the merchant who invited you';
  return new GoneException(`This invitation has expired or was used; ask ${merchant} for a new one`);
}
