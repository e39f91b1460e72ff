import { Injectable, UnauthorizedException } from '@nestjs/common';
import { SessionKeys } from '../../sessions/session-keys';
import { normaliseEmail } from '../../users/dashboard-user';
import { UsersRepository } from '../../users/users.repository';
import { SignInThrottle } from './sign-in-throttle';

export const WRONG_SIGN_IN = 'The email address or the password is incorrect';

export interface SignInCommand {
  email: string;
  password: string;
  /** The client's address, as the rate limit counts it. */
  client: string;
}

@Injectable()
export class SignInUseCase {
  constructor(
    private readonly users: UsersRepository,
    private readonly throttle: SignInThrottle,
    private readonly sessionKeys: SessionKeys,
  ) {}

  async execute(command: SignInCommand) {
    const email = normaliseEmail(command.email);
    const find = async () => {
      const found = await this.users.findWithPasswordHash(email);
      return found && { account: found.user, passwordHash: found.passwordHash };
    };
    const user = await this.throttle.check(email, command.client, 'dashboard', command.password, find);
    // One answer for both, so the form does not tell which addresses have an account.
    if (!user) throw new UnauthorizedException(WRONG_SIGN_IN);
    return this.sessionKeys.open(user);
  }
}
