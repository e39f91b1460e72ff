import { Injectable, NotFoundException } from '@nestjs/common';
import { AccountsRepository } from './accounts.repository';
import { AuditLogEntryEntity } from './audit-log-entry.entity';
import { KeyScope } from './manage-keys/manage-keys.usecase';

/** Reads a workspace's audit log: a workspace's own key sees its mode's entries and those about the workspace itself. */
@Injectable()
export class AuditLogQuery {
  constructor(private readonly accounts: AccountsRepository) {}

  async entries(scope: KeyScope, limit: number): Promise<AuditLogEntryEntity[]> {
    if (!(await this.accounts.findWorkspace(scope.workspaceId))) throw new NotFoundException(`No workspace ${scope.workspaceId}`);
    return this.accounts.auditLog(scope.workspaceId, scope.mode, limit);
  }
}
