import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { ApiKeyEntity } from './api-key.entity';
import { WorkspaceEntity } from './workspace.entity';

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

  async insertKeys(manager: EntityManager, keys: Omit<ApiKeyEntity, 'createdAt' | 'revokedAt'>[]): Promise<void> {
    await manager.insert(ApiKeyEntity, keys);
  }

  findWorkspace(id: string): Promise<WorkspaceEntity | null> {
    return this.dataSource.getRepository(WorkspaceEntity).findOneBy({ id });
  }

  activeKeys(): Promise<ApiKeyEntity[]> {
    return this.dataSource.getRepository(ApiKeyEntity).findBy({ revokedAt: IsNull() });
  }
}
