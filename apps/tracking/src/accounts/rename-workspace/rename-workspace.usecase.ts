import { Injectable, NotFoundException } from '@nestjs/common';
import { newId } from '@app/domain';
import { AccountsRepository } from '../accounts.repository';
import { WorkspaceEntity } from '../workspace.entity';
import { WorkspacesQuery } from '../workspaces.query';
import { RenameWorkspaceCommand } from './rename-workspace.command';

/** Renames a workspace and records the old and new names in its audit log; 404 for an unknown workspace. */
@Injectable()
export class RenameWorkspaceUseCase {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly workspaces: WorkspacesQuery,
  ) {}

  async execute({ workspaceId, name, actor }: RenameWorkspaceCommand): Promise<WorkspaceEntity> {
    return this.accounts.transaction(async (manager) => {
      const workspace = await this.accounts.findWorkspace(workspaceId, manager);
      if (!workspace) throw new NotFoundException(`No workspace ${workspaceId}`);
      await this.accounts.renameWorkspace(manager, workspaceId, name);
      const details = { from: workspace.name, to: name };
      await this.accounts.record(manager, { id: newId(), workspaceId, mode: null, actor, action: 'workspace.renamed', apiKeyId: null, details });
      this.workspaces.forget(workspaceId);
      return { ...workspace, name };
    });
  }
}
