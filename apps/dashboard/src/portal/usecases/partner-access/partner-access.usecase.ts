import { Injectable, NotFoundException } from '@nestjs/common';
import type { Mode } from '@app/domain';
import { EndSessionsUseCase } from '../../../usecases/end-sessions/end-sessions.usecase';
import { presentAccess } from '../../partner-account';
import { PartnerAccountsRepository } from '../../partner-accounts.repository';

export interface PartnerAccessCommand {
  workspaceId: string;
  mode: Mode;
  partnerId: string;
}

/** What the merchant sees and decides of a partner's access: its status, a suspension and its end. */
@Injectable()
export class PartnerAccessUseCase {
  constructor(
    private readonly accounts: PartnerAccountsRepository,
    private readonly endSessions: EndSessionsUseCase,
  ) {}

  async status({ workspaceId, mode, partnerId }: PartnerAccessCommand) {
    const account = await this.accounts.find(workspaceId, mode, partnerId);
    return presentAccess(mode, partnerId, account, account ? await this.accounts.pendingInvitationExpiry(account.id) : null);
  }

  /**
   * Suspended at once: the row first (the portal's guard then refuses every session of the account),
   * then the sessions' keys are withdrawn, so the services refuse them too.
   */
  async suspend(command: PartnerAccessCommand) {
    // A partner never invited has no way in: nothing to suspend (and no row made for a partner id of another workspace).
    const account = await this.accounts.find(command.workspaceId, command.mode, command.partnerId);
    if (!account) throw new NotFoundException('This partner has no access to the portal to suspend: they were never invited in this mode');
    await this.accounts.setSuspended(account.id, true);
    await this.endSessions.signOutEverywhere({ partnerAccountId: account.id });
    return this.status(command);
  }

  /**
   * A sign-in that checked the account just before the suspension may have opened a session after
   * it; the guard refuses it while suspended, and it is ended here so that a resume cannot revive it.
   */
  async resume(command: PartnerAccessCommand) {
    const account = await this.accounts.find(command.workspaceId, command.mode, command.partnerId);
    if (account) {
      await this.endSessions.signOutEverywhere({ partnerAccountId: account.id });
      await this.accounts.setSuspended(account.id, false);
    }
    return this.status(command);
  }
}
