import { BadRequestException, ConflictException, ForbiddenException, Injectable, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { DashboardUser, normaliseEmail, Role } from '../../users/dashboard-user';
import { generatePassword, hashPassword, MIN_PASSWORD_LENGTH } from '../../users/password-hash';
import { UsersRepository } from '../../users/users.repository';
import { EndSessionsUseCase } from '../end-sessions/end-sessions.usecase';
import { SignInThrottle } from '../sign-in/sign-in-throttle';

export const WRONG_CURRENT_PASSWORD = 'The current password is incorrect';

/** A user just made, with the password they sign in with first: shown this once, stored only hashed. */
export interface CreatedUser {
  user: DashboardUser;
  password: string;
}

/** Owners add and remove the workspace's users; everyone changes their own password. */
@Injectable()
export class ManageUsersUseCase {
  constructor(
    private readonly users: UsersRepository,
    private readonly endSessions: EndSessionsUseCase,
    private readonly throttle: SignInThrottle,
  ) {}

  async add(by: DashboardUser, email: string, role: Role): Promise<CreatedUser> {
    requireOwner(by);
    return this.create(by.workspaceId, email, role);
  }

  /** The workspace's first owner (`npm start`, the admin CLI); null when it has one already. */
  async createOwner(workspaceId: string, email: string): Promise<CreatedUser | null> {
    if (await this.users.hasOwner(workspaceId)) return null;
    return this.create(workspaceId, email, 'owner');
  }

  async remove(by: DashboardUser, userId: string): Promise<void> {
    requireOwner(by);
    if (userId === by.id) throw new BadRequestException('You cannot remove yourself; another owner can');
    if (!(await this.users.isIn(by.workspaceId, userId))) throw new NotFoundException(`No user ${userId} in this workspace`);
    // Their sessions first: once the row is gone, so is the list of its sessions' keys. A session
    // opened in between dies with the row, and its keys cannot be used without it (see session-secrets.ts).
    await this.endSessions.signOutEverywhere(userId);
    await this.users.remove(by.workspaceId, userId);
  }

  /**
   * Changes the password and ends the user's other sessions: whoever knew the old one is signed out.
   * Guesses of the current password count as sign-in attempts: a stolen session cannot find it faster.
   */
  async changePassword(user: DashboardUser, session: { tokenHash: string; client: string }, current: string, next: string): Promise<void> {
    if (next.length < MIN_PASSWORD_LENGTH) throw new BadRequestException(`The new password must be at least ${MIN_PASSWORD_LENGTH} characters long`);
    if (!(await this.throttle.check(user.email, session.client, 'dashboard', current, () => currentHash(this.users.passwordHashOf(user.id))))) {
      throw new UnauthorizedException(WRONG_CURRENT_PASSWORD);
    }
    await this.users.setPasswordHash(user.id, await hashPassword(next));
    await this.endSessions.signOutEverywhere(user.id, session.tokenHash);
  }

  private async create(workspaceId: string, email: string, role: Role): Promise<CreatedUser> {
    const password = generatePassword();
    const user = await this.users.create(workspaceId, normaliseEmail(email), role, await hashPassword(password));
    if (!user) throw new ConflictException(`${normaliseEmail(email)} already has a dashboard account; each email address signs in to one workspace`);
    return { user, password };
  }
}

function requireOwner(user: DashboardUser): void {
  if (user.role !== 'owner') throw new ForbiddenException("Only a workspace's owners manage its users");
}

/** An account's stored hash as `SignInThrottle.check` takes it. */
export async function currentHash(stored: Promise<string | null>): Promise<{ account: true; passwordHash: string } | null> {
  const passwordHash = await stored;
  return passwordHash === null ? null : { account: true, passwordHash };
}
