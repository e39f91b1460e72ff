import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ApiKeyKind, apiKeyHint, DEFAULT_ATTRIBUTION_WINDOW_DAYS, generateApiKey, hashApiKey, Mode, MODES, newId } from '@app/domain';
import { ApiKeyDirectory, TtlCache } from '@app/platform';
import { AccountsRepository } from './accounts.repository';
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

  /**
   * Creates the workspace with a test and a live key pair, unless it exists. Safe to call from
   * several replicas at once: only the one whose insert wins gets (and may show) the keys.
   */
  async createIfAbsent(id: string, name: string, attributionWindowDays = DEFAULT_ATTRIBUTION_WINDOW_DAYS): Promise<CreatedWorkspace | null> {
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
      // Inside the transaction: if the directory cannot take the keys, the workspace is not created.
      for (const row of rows) await this.directory.publish(row.keyHash, { workspaceId: id, mode: row.mode, kind: row.kind });
      this.logger.log({ msg: 'workspace created', workspace_id: id });
      return { id, name, keys };
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
    for (const key of keys) await this.directory.publish(key.keyHash, { workspaceId: key.workspaceId, mode: key.mode, kind: key.kind });
    this.logger.log({ msg: 'api key directory synchronised', keys: keys.length });
  }
}
