import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { SessionKeys } from '../../sessions/session-keys';
import { normaliseEmail } from '../../users/dashboard-user';
import { spendAsLongAsAVerification, verifyPassword } from '../../users/password-hash';
import { UsersRepository } from '../../users/users.repository';
import { SignInThrottle } from './sign-in-throttle';

export interface SignInCommand {
  email: string;
  password: string;
  /** The client's address, as the rate limit counts it. */
  client: string;
}

@Injectable()
export class SignInUseCase {
  constructor(
    @Inject(UsersRepository) private readonly users: UsersRepository,
    @Inject(SignInThrottle) private readonly throttle: SignInThrottle,
    @Inject(SessionKeys) private readonly sessionKeys: SessionKeys,
  ) {}

  async execute(command: SignInCommand) {
    const email = normaliseEmail(command.email);
    const attempt = await this.throttle.admit(email, command.client);
    const found = await this.users.findWithPasswordHash(email);
    let verified = false;
    if (found) verified = await verifyPassword(command.password, found.passwordHash);
    else await spendAsLongAsAVerification(command.password);
    // One answer for both, so the form does not tell which addresses have an account.
    if (!found || !verified) throw new UnauthorizedException('The email address or the password is incorrect');
    await this.throttle.succeeded(attempt);
    return this.sessionKeys.open(found.user);
  }
}
