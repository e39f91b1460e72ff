import { Inject, Injectable } from '@nestjs/common';
import { TtlCache } from '@app/platform';
import { AccountsRepository } from './accounts.repository';
import { WorkspaceEntity } from './workspace.entity';

/**
 * What is read of workspaces: the admin list, and a cached lookup for each click's attribution
 * window. The changes are use cases of their own (create-workspace, rename-workspace; a workspace's
 * keys: manage-keys).
 */
@Injectable()
export class WorkspacesQuery {
  private readonly cache = new TtlCache<string, WorkspaceEntity | null>(30_000);

  constructor(@Inject(AccountsRepository) private readonly accounts: Pick<AccountsRepository, 'listWorkspaces' | 'findWorkspace'>) {}

  list(): Promise<WorkspaceEntity[]> {
    return this.accounts.listWorkspaces();
  }

  find(id: string): Promise<WorkspaceEntity | null> {
    return this.cache.getOrLoad(id, () => this.accounts.findWorkspace(id));
  }

  /** The workspace changed: the next `find` reads it again. */
  forget(id: string): void {
    this.cache.delete(id);
  }
}
