import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ApiKeyDirectory, TtlCache } from '@app/platform';
import { AccountsRepository } from './accounts.repository';
import { identityOf } from './manage-keys/manage-keys.usecase';
import { WorkspaceEntity } from './workspace.entity';

/**
 * Reading workspaces (the admin list, and a cached lookup for each click's attribution window), and
 * the key directory's repair at start-up. Only reads: the changes are use cases of their own
 * (create-workspace, rename-workspace; a workspace's keys: manage-keys).
 */
@Injectable()
export class WorkspacesService implements OnApplicationBootstrap {
  private readonly logger = new Logger(WorkspacesService.name);
  private readonly cache = new TtlCache<string, WorkspaceEntity | null>(30_000);

  constructor(
    @Inject(AccountsRepository) private readonly accounts: AccountsRepository,
    @Inject(ApiKeyDirectory) private readonly directory: ApiKeyDirectory,
  ) {}

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

  /**
   * The key directory is a copy of this service's table; republishing at start-up repairs it
   * after a NATS data loss. Idempotent.
   */
  async onApplicationBootstrap(): Promise<void> {
    const keys = await this.accounts.activeKeys();
    for (const key of keys) await this.directory.publish(key.keyHash, identityOf(key));
    this.logger.log({ msg: 'api key directory synchronised', keys: keys.length });
  }
}
