import { BadRequestException, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { SessionKeys } from '../../../sessions/session-keys';
import { EndSessionsUseCase } from '../../../usecases/end-sessions/end-sessions.usecase';
import { SignInThrottle } from '../../../usecases/sign-in/sign-in-throttle';
import { normaliseEmail } from '../../../users/dashboard-user';
import { hashPassword, MIN_PASSWORD_LENGTH, spendAsLongAsAVerification, verifyPassword } from '../../../users/password-hash';
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
    @Inject(PartnerAccountsRepository) private readonly accounts: PartnerAccountsRepository,
    @Inject(SignInThrottle) private readonly throttle: SignInThrottle,
    @Inject(SessionKeys) private readonly sessionKeys: SessionKeys,
    @Inject(EndSessionsUseCase) private readonly endSessions: EndSessionsUseCase,
  ) {}

  async signIn(command: PortalSignInCommand) {
    const email = normaliseEmail(command.email);
    const attempt = await this.throttle.admit(email, command.client, 'portal');
    const found = await this.accounts.findWithPasswordHash(email);
    let verified = false;
    if (found) verified = await verifyPassword(command.password, found.passwordHash);
    else await spendAsLongAsAVerification(command.password);
    // One answer for both, so the form does not tell which addresses have an account.
    if (!found || !verified) throw new UnauthorizedException('The email address or the password is incorrect');
    await this.throttle.succeeded(attempt);
    // Said only to whoever knows the password.
    if (found.account.suspendedAt) throw new ForbiddenException(SUSPENDED_MESSAGE);
    await this.accounts.markSignedIn(found.account.id);
    return this.sessionKeys.openForPartner(found.account as SignedInPartner);
  }

  /** Guesses of the current password count as sign-in attempts; the partner's other sessions end. */
  async changePassword(partner: SignedInPartner, session: { tokenHash: string; client: string }, current: string, next: string): Promise<void> {
    if (next.length < MIN_PASSWORD_LENGTH) throw new BadRequestException(`The new password must be at least ${MIN_PASSWORD_LENGTH} characters long`);
    const attempt = await this.throttle.admit(partner.email, session.client, 'portal');
    const stored = await this.accounts.passwordHashOf(partner.id);
    if (!stored || !(await verifyPassword(current, stored))) throw new UnauthorizedException('The current password is incorrect');
    await this.throttle.succeeded(attempt);
    await this.accounts.setPasswordHash(partner.id, await hashPassword(next));
    await this.endSessions.signOutEverywhere({ partnerAccountId: partner.id }, session.tokenHash);
  }
}
