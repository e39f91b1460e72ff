import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, MoreThan } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { Mode } from '@app/domain';
import { ApiKeyEntity } from './api-key.entity';
import { AuditLogEntryEntity } from './audit-log-entry.entity';
import { WorkspaceEntity } from './workspace.entity';

export type NewApiKey = Omit<ApiKeyEntity, 'createdAt' | 'revokedAt' | 'expiresAt'>;
export type NewAuditLogEntry = Omit<AuditLogEntryEntity, 'at'>;

@Injectable()
export class AccountsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Inserts the workspace unless it exists; true when this call created it. */
  async insertWorkspaceIfAbsent(manager: EntityManager, workspace: Pick<WorkspaceEntity, 'id' | 'name' | 'attributionWindowDays'>): Promise<boolean> {
    const result = await manager.createQueryBuilder().insert().into(WorkspaceEntity).values(workspace).orIgnore().returning('id').execute();
    return (result.raw as unknown[]).length > 0;
  }

  async insertKeys(manager: EntityManager, keys: NewApiKey[]): Promise<void> {
    await manager.insert(ApiKeyEntity, keys);
  }

  findWorkspace(id: string, manager: EntityManager = this.dataSource.manager): Promise<WorkspaceEntity | null> {
    return manager.getRepository(WorkspaceEntity).findOneBy({ id });
  }

  listWorkspaces(): Promise<WorkspaceEntity[]> {
    return this.dataSource.getRepository(WorkspaceEntity).find({ order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async renameWorkspace(manager: EntityManager, id: string, name: string): Promise<void> {
    await manager.update(WorkspaceEntity, { id }, { name });
  }

  /** Keys that still work: neither revoked nor past their grace period. */
  activeKeys(): Promise<ApiKeyEntity[]> {
    const repository = this.dataSource.getRepository(ApiKeyEntity);
    return repository.find({
      where: [
        { revokedAt: IsNull(), expiresAt: IsNull() },
        { revokedAt: IsNull(), expiresAt: MoreThan(new Date()) },
      ],
    });
  }

  /** A workspace's keys, oldest first; only those of `mode` when given. */
  listKeys(workspaceId: string, mode?: Mode): Promise<ApiKeyEntity[]> {
    return this.dataSource.getRepository(ApiKeyEntity).find({ where: { workspaceId, mode }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** The key, locked until the transaction ends so two changes to one key cannot interleave. */
  findKeyForUpdate(manager: EntityManager, workspaceId: string, id: string, mode?: Mode): Promise<ApiKeyEntity | null> {
    return manager.getRepository(ApiKeyEntity).findOne({ where: { workspaceId, id, mode }, lock: { mode: 'pessimistic_write' } });
  }

  async updateKey(manager: EntityManager, id: string, change: Partial<Pick<ApiKeyEntity, 'revokedAt' | 'expiresAt'>>): Promise<void> {
    await manager.update(ApiKeyEntity, { id }, change);
  }

  async record(manager: EntityManager, entry: NewAuditLogEntry): Promise<void> {
    // TypeORM's partial-entity type recurses into the jsonb column; the entry is a whole row.
    await manager.insert(AuditLogEntryEntity, entry as QueryDeepPartialEntity<AuditLogEntryEntity>);
  }

  /** A workspace's audit log, newest first: entries of `mode` and those about the workspace itself when a mode is given. */
  auditLog(workspaceId: string, mode: Mode | undefined, limit: number): Promise<AuditLogEntryEntity[]> {
    const where = mode
      ? [
          { workspaceId, mode },
          { workspaceId, mode: IsNull() },
        ]
      : { workspaceId };
    return this.dataSource.getRepository(AuditLogEntryEntity).find({ where, order: { at: 'DESC', id: 'DESC' }, take: limit });
  }
}
