import { Inject, Injectable, Logger, NotFoundException, OnApplicationBootstrap } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { ApiKeyKind, apiKeyHint, DEFAULT_ATTRIBUTION_WINDOW_DAYS, generateApiKey, hashApiKey, Mode, MODES, newId } from '@app/domain';
import { ApiKeyDirectory, TtlCache } from '@app/platform';
import { AccountsRepository } from './accounts.repository';
import { Actor } from './actor';
import { identityOf } from './manage-keys/manage-keys.usecase';
import { WorkspaceEntity } from './workspace.entity';

export interface CreatedWorkspace {
  id: string;
  name: string;
  /** The only time these are visible: they are stored hashed. */
  keys: Record<`${'pk' | 'sk'}_${Mode}`, string>;
}

const KINDS: ApiKeyKind[] = ['publishable', 'secret'];

@Injectable()
export class WorkspacesService implements OnApplicationBootstrap {
  private readonly logger = new Logger(WorkspacesService.name);
  private readonly cache = new TtlCache<string, WorkspaceEntity | null>(30_000);

  constructor(
    @Inject(AccountsRepository) private readonly accounts: AccountsRepository,
    @Inject(ApiKeyDirectory) private readonly directory: ApiKeyDirectory,
  ) {}

  /** A new workspace with a fresh id, and its four keys. */
  async create(name: string, actor: Actor): Promise<CreatedWorkspace> {
    return (await this.createIfAbsent(`ws_${randomBytes(8).toString('hex')}`, name, DEFAULT_ATTRIBUTION_WINDOW_DAYS, actor))!;
  }

  /**
   * Creates the workspace with a test and a live key pair, unless it exists. Safe to call from
   * several replicas at once: only the one whose insert wins gets (and may show) the keys.
   */
  async createIfAbsent(
    id: string,
    name: string,
    attributionWindowDays = DEFAULT_ATTRIBUTION_WINDOW_DAYS,
    actor: Actor = 'operator:admin_cli',
  ): Promise<CreatedWorkspace | null> {
    return this.accounts.transaction(async (manager) => {
      const created = await this.accounts.insertWorkspaceIfAbsent(manager, { id, name, attributionWindowDays });
      if (!created) return null;
      const keys = {} as CreatedWorkspace['keys'];
      const rows = [];
      for (const mode of MODES) {
        for (const kind of KINDS) {
          const key = generateApiKey(kind, mode);
          keys[`${kind === 'publishable' ? 'pk' : 'sk'}_${mode}`] = key;
          rows.push({ id: newId(), workspaceId: id, mode, kind, keyHash: hashApiKey(key), keyHint: apiKeyHint(key) });
        }
      }
      await this.accounts.insertKeys(manager, rows);
      await this.accounts.record(manager, { id: newId(), workspaceId: id, mode: null, actor, action: 'workspace.created', apiKeyId: null, details: { name } });
      // Inside the transaction: if the directory cannot take the keys, the workspace is not created.
      for (const row of rows) await this.directory.publish(row.keyHash, { workspaceId: id, mode: row.mode, kind: row.kind, keyId: row.id });
      this.logger.log({ msg: 'workspace created', workspace_id: id });
      return { id, name, keys };
    });
  }

  list(): Promise<WorkspaceEntity[]> {
    return this.accounts.listWorkspaces();
  }

  async rename(id: string, name: string, actor: Actor): Promise<WorkspaceEntity> {
    return this.accounts.transaction(async (manager) => {
      const workspace = await this.accounts.findWorkspace(id, manager);
      if (!workspace) throw new NotFoundException(`No workspace ${id}`);
      await this.accounts.renameWorkspace(manager, id, name);
      await this.accounts.record(manager, {
        id: newId(),
        workspaceId: id,
        mode: null,
        actor,
        action: 'workspace.renamed',
        apiKeyId: null,
        details: { from: workspace.name, to: name },
      });
      this.cache.delete(id);
      return { ...workspace, name };
    });
  }

  find(id: string): Promise<WorkspaceEntity | null> {
    return this.cache.getOrLoad(id, () => this.accounts.findWorkspace(id));
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
