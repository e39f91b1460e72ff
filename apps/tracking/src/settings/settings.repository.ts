import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Mode } from '@app/domain';
import { StripeSigningSecretEntity } from './stripe-signing-secrets/stripe-signing-secret.entity';
import { DEFAULT_PARTNER_LINK_LIMIT, WorkspaceSettingEntity } from './workspace-setting.entity';

@Injectable()
export class SettingsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  findSetting(workspaceId: string, mode: Mode): Promise<WorkspaceSettingEntity | null> {
    return this.dataSource.getRepository(WorkspaceSettingEntity).findOneBy({ workspaceId, mode });
  }

  /**
   * Changes the settings given and keeps the others. A mode's first change starts from the
   * workspace's own attribution window and the default partner link limit.
   */
  async saveSetting(workspaceId: string, mode: Mode, change: { attributionWindowDays?: number; partnerLinkLimit?: number }): Promise<WorkspaceSettingEntity> {
    await this.dataSource.query(
      `INSERT INTO tracking.workspace_settings AS s (workspace_id, mode, attribution_window_days, partner_link_limit)
       VALUES ($1, $2, COALESCE($3::int, (SELECT attribution_window_days FROM tracking.workspaces WHERE id = $1)), COALESCE($4::int, $5::int))
       ON CONFLICT (workspace_id, mode) DO UPDATE SET
         attribution_window_days = COALESCE($3::int, s.attribution_window_days),
         partner_link_limit = COALESCE($4::int, s.partner_link_limit),
         updated_at = now()`,
      [workspaceId, mode, change.attributionWindowDays ?? null, change.partnerLinkLimit ?? null, DEFAULT_PARTNER_LINK_LIMIT],
    );
    return (await this.findSetting(workspaceId, mode))!;
  }

  /** Serialises the changes of one workspace's secrets, so the list published last is the newest. */
  async lockWorkspace(manager: EntityManager, workspaceId: string): Promise<void> {
    await manager.query('SELECT id FROM tracking.workspaces WHERE id = $1 FOR UPDATE', [workspaceId]);
  }

  async insertSecret(manager: EntityManager, secret: Omit<StripeSigningSecretEntity, 'createdAt'>): Promise<StripeSigningSecretEntity> {
    await manager.insert(StripeSigningSecretEntity, secret);
    return (await manager.findOneBy(StripeSigningSecretEntity, { id: secret.id }))!;
  }

  async deleteSecret(manager: EntityManager, workspaceId: string, mode: Mode, id: string): Promise<boolean> {
    const result = await manager.delete(StripeSigningSecretEntity, { workspaceId, mode, id });
    return (result.affected ?? 0) > 0;
  }

  secretsOf(manager: EntityManager, workspaceId: string): Promise<StripeSigningSecretEntity[]> {
    return manager.find(StripeSigningSecretEntity, { where: { workspaceId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  listSecrets(workspaceId: string, mode: Mode): Promise<StripeSigningSecretEntity[]> {
    return this.dataSource.getRepository(StripeSigningSecretEntity).find({ where: { workspaceId, mode }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async allSecretsByWorkspace(): Promise<Map<string, StripeSigningSecretEntity[]>> {
    const workspaces = await this.dataSource.query<Array<{ id: string }>>('SELECT id FROM tracking.workspaces');
    const secrets = await this.dataSource.getRepository(StripeSigningSecretEntity).find({ order: { createdAt: 'ASC', id: 'ASC' } });
    const byWorkspace = new Map<string, StripeSigningSecretEntity[]>(workspaces.map((w) => [w.id, []]));
    for (const secret of secrets) byWorkspace.get(secret.workspaceId)?.push(secret);
    return byWorkspace;
  }
}
