import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { ApiKeyKind, DEFAULT_ATTRIBUTION_WINDOW_DAYS, generateApiKey, Mode, MODES, newId } from '@app/domain';
import { ApiKeyDirectory } from '@app/platform';
import { AccountsRepository } from '../accounts.repository';
import { storedKey } from '../stored-key';
import { CreateWorkspaceCommand } from './create-workspace.command';

export interface CreatedWorkspace {
  id: string;
  name: string;
  /** The only time these are visible: they are stored hashed. */
  keys: Record<`${'pk' | 'sk'}_${Mode}`, string>;
}

const KINDS: ApiKeyKind[] = ['publishable', 'secret'];

/**
 * Creates a workspace with a test and a live key pair, unless one with that id exists. Safe to run
 * from several replicas at once: only the one whose insert wins gets (and may show) the keys.
 */
@Injectable()
export class CreateWorkspaceUseCase {
  private readonly logger = new Logger(CreateWorkspaceUseCase.name);

  constructor(
    private readonly accounts: AccountsRepository,
    private readonly directory: ApiKeyDirectory,
  ) {}

  /** Without an id the workspace is new, so it is always created. */
  execute(command: CreateWorkspaceCommand & { id?: undefined }): Promise<CreatedWorkspace>;
  /** Null when the workspace exists already. */
  execute(command: CreateWorkspaceCommand): Promise<CreatedWorkspace | null>;
  async execute(command: CreateWorkspaceCommand): Promise<CreatedWorkspace | null> {
    const {
      id = `ws_${randomBytes(8).toString('hex')}`,
      name,
      attributionWindowDays = DEFAULT_ATTRIBUTION_WINDOW_DAYS,
      actor = 'operator:admin_cli',
    } = command;
    return this.accounts.transaction(async (manager) => {
      const created = await this.accounts.insertWorkspaceIfAbsent(manager, { id, name, attributionWindowDays });
      if (!created) return null;
      const keys = {} as CreatedWorkspace['keys'];
      const rows = [];
      for (const mode of MODES) {
        for (const kind of KINDS) {
          const key = generateApiKey(kind, mode);
          keys[`${kind === 'publishable' ? 'pk' : 'sk'}_${mode}`] = key;
          rows.push({ id: newId(), workspaceId: id, mode, kind, ...storedKey(kind, key) });
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
}
