import { BadRequestException, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { SessionKeys } from '../../../sessions/session-keys';
import { EndSessionsUseCase } from '../../../usecases/end-sessions/end-sessions.usecase';
import { SignInThrottle } from '../../../usecases/sign-in/sign-in-throttle';
import { normaliseEmail } from '../../../users/dashboard-user';
import { currentHash, WRONG_CURRENT_PASSWORD } from '../../../usecases/manage-users/manage-users.usecase';
import { WRONG_SIGN_IN } from '../../../usecases/sign-in/sign-in.usecase';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../../../users/password-hash';
import { SignedInPartner } from '../../partner-account';
import { PartnerAccountsRepository } from '../../partner-accounts.repository';
import { SUSPENDED_MESSAGE } from '../accept-invitation/accept-invitation.usecase';

export interface PortalSignInCommand {
  email: string;
  password: string;
  /** The client's address, as the rate limit counts it. */
  client: string;
}

/** A partner signs in to the portal, and changes their password, under the dashboard's sign-in limit. */
@Injectable()
export class PortalSignInUseCase {
  constructor(
    private readonly accounts: PartnerAccountsRepository,
    private readonly throttle: SignInThrottle,
    private readonly sessionKeys: SessionKeys,
    private readonly endSessions: EndSessionsUseCase,
  ) {}

  async signIn(command: PortalSignInCommand) {
    const email = normaliseEmail(command.email);
    const find = () => this.accounts.findWithPasswordHash(email);
    const account = await this.throttle.check(email, command.client, 'portal', command.password, find);
    if (!account) throw new UnauthorizedException(WRONG_SIGN_IN);
    const partner = account as SignedInPartner;
    // Said only to whoever knows the password.
    if (partner.suspendedAt) throw new ForbiddenException(SUSPENDED_MESSAGE);
    await this.accounts.markSignedIn(partner.id);
    return this.sessionKeys.openForPartner(partner);
  }

  /** Guesses of the current password count as sign-in attempts; the partner's other sessions end. */
  async changePassword(partner: SignedInPartner, session: { tokenHash: string; client: string }, current: string, next: string): Promise<void> {
    if (next.length < MIN_PASSWORD_LENGTH) throw new BadRequestException(`The new password must be at least ${MIN_PASSWORD_LENGTH} characters long`);
    if (!(await this.throttle.check(partner.email, session.client, 'portal', current, () => currentHash(this.accounts.passwordHashOf(partner.id))))) {
      throw new UnauthorizedException(WRONG_CURRENT_PASSWORD);
    }
    await this.accounts.setPasswordHash(partner.id, await hashPassword(next));
    await this.endSessions.signOutEverywhere({ partnerAccountId: partner.id }, session.tokenHash);
  }
}
