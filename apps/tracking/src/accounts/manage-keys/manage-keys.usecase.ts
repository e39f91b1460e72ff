import { ConflictException, ForbiddenException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ApiKeyIdentity, ApiKeyKind, generateApiKey, isUuid, Mode, newId } from '@app/domain';
import { ApiKeyDirectory } from '@app/platform';
import { AccountsRepository } from '../accounts.repository';
import { Actor } from '../actor';
import { ApiKeyEntity } from '../api-key.entity';
import { storedKey } from '../stored-key';

/** A day: long enough to deploy the new key everywhere the old one is configured. */
export const DEFAULT_ROLL_GRACE_SECONDS = 86_400;

/** Whose keys a call may touch: a workspace, and only one mode of it when a workspace's own key makes the call. */
export interface KeyScope {
  workspaceId: string;
  mode?: Mode;
}

export interface IssuedKey {
  key: ApiKeyEntity;
  /** The only time the key is visible: it is stored hashed. */
  secret: string;
}

/**
 * Lists, creates, rolls and revokes a workspace's API keys. Each change is written to the table,
 * the key directory every service reads, and the audit log, in one transaction: if the directory
 * cannot take the change, nothing is changed.
 */
@Injectable()
export class ManageKeysUseCase {
  private readonly logger = new Logger(ManageKeysUseCase.name);

  constructor(
    private readonly accounts: AccountsRepository,
    private readonly directory: ApiKeyDirectory,
  ) {}

  async list(scope: KeyScope): Promise<ApiKeyEntity[]> {
    await this.workspaceOrThrow(scope.workspaceId);
    return this.accounts.listKeys(scope.workspaceId, scope.mode);
  }

  async create(scope: KeyScope, actor: Actor, kind: ApiKeyKind, mode: Mode): Promise<IssuedKey> {
    if (scope.mode && scope.mode !== mode) throw new ForbiddenException(`A ${scope.mode} key can only create ${scope.mode} keys`);
    return this.accounts.transaction(async (manager) => {
      await this.workspaceOrThrow(scope.workspaceId, manager);
      const issued = await this.issue(manager, scope.workspaceId, kind, mode);
      await this.accounts.record(manager, this.entry(issued.key, actor, 'api_key.created', { kind, hint: issued.key.keyHint }));
      return issued;
    });
  }

  /** A new key of the same kind and mode; the old one keeps working for `graceSeconds`, then stops in every service. */
  async roll(scope: KeyScope, actor: Actor, keyId: string, graceSeconds = DEFAULT_ROLL_GRACE_SECONDS): Promise<IssuedKey & { rolled: ApiKeyEntity }> {
    return this.accounts.transaction(async (manager) => {
      const old = await this.usableKeyOrThrow(manager, scope, keyId);
      if (old.expiresAt) throw new ConflictException(`The key ${keyId} is already rolled; it stops at ${old.expiresAt.toISOString()}`);
      old.expiresAt = new Date(Date.now() + graceSeconds * 1000);
      await this.accounts.updateKey(manager, old.id, { expiresAt: old.expiresAt });
      await this.directory.publish(old.keyHash, identityOf(old));
      const issued = await this.issue(manager, old.workspaceId, old.kind, old.mode);
      await this.accounts.record(
        manager,
        this.entry(old, actor, 'api_key.rolled', { hint: old.keyHint, expires_at: old.expiresAt.toISOString(), replaced_by: issued.key.id }),
      );
      this.logger.log({ msg: 'api key rolled', workspace_id: old.workspaceId, api_key_id: old.id, grace_seconds: graceSeconds });
      return { ...issued, rolled: old };
    });
  }

  /** Stops the key now, in every service (they follow the directory's deletions). */
  async revoke(scope: KeyScope, actor: Actor, keyId: string): Promise<ApiKeyEntity> {
    return this.accounts.transaction(async (manager) => {
      const key = await this.usableKeyOrThrow(manager, scope, keyId);
      key.revokedAt = new Date();
      await this.accounts.updateKey(manager, key.id, { revokedAt: key.revokedAt });
      await this.directory.withdraw(key.keyHash);
      await this.accounts.record(manager, this.entry(key, actor, 'api_key.revoked', { hint: key.keyHint }));
      this.logger.log({ msg: 'api key revoked', workspace_id: key.workspaceId, api_key_id: key.id });
      return key;
    });
  }

  private async issue(manager: EntityManager, workspaceId: string, kind: ApiKeyKind, mode: Mode): Promise<IssuedKey> {
    const secret = generateApiKey(kind, mode);
    const row = { id: newId(), workspaceId, mode, kind, ...storedKey(kind, secret) };
    await this.accounts.insertKeys(manager, [row]);
    await this.directory.publish(row.keyHash, { workspaceId, mode, kind, keyId: row.id });
    return { key: { ...row, createdAt: new Date(), revokedAt: null, expiresAt: null }, secret };
  }

  private async workspaceOrThrow(id: string, manager?: EntityManager): Promise<void> {
    if (!(await this.accounts.findWorkspace(id, manager))) throw new NotFoundException(`No workspace ${id}`);
  }

  private async usableKeyOrThrow(manager: EntityManager, scope: KeyScope, keyId: string): Promise<ApiKeyEntity> {
    const where = scope.mode ? `workspace's ${scope.mode} mode` : 'workspace';
    const key = isUuid(keyId) ? await this.accounts.findKeyForUpdate(manager, scope.workspaceId, keyId.toLowerCase(), scope.mode) : null;
    if (!key) throw new NotFoundException(`No API key ${keyId} in this ${where}`);
    if (key.revokedAt) throw new ConflictException(`The key ${keyId} is revoked`);
    if (key.expiresAt && key.expiresAt.getTime() <= Date.now()) throw new ConflictException(`The key ${keyId} has expired`);
    return key;
  }

  private entry(key: ApiKeyEntity, actor: Actor, action: 'api_key.created' | 'api_key.rolled' | 'api_key.revoked', details: Record<string, unknown>) {
    return { id: newId(), workspaceId: key.workspaceId, mode: key.mode, actor, action, apiKeyId: key.id, details };
  }
}

/** What the directory holds for a key: who it belongs to and, once rolled, when it stops. */
export function identityOf(key: ApiKeyEntity): ApiKeyIdentity {
  return { workspaceId: key.workspaceId, mode: key.mode, kind: key.kind, keyId: key.id, ...(key.expiresAt ? { expiresAt: key.expiresAt.toISOString() } : {}) };
}

/** Where a key stands, as the API shows it. */
export function keyStatus(key: ApiKeyEntity, now = Date.now()): 'active' | 'expiring' | 'expired' | 'revoked' {
  if (key.revokedAt) return 'revoked';
  if (!key.expiresAt) return 'active';
  return key.expiresAt.getTime() > now ? 'expiring' : 'expired';
}
