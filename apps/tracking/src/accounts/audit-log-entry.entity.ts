import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Mode } from '@app/domain';

export type AuditAction = 'workspace.created' | 'workspace.renamed' | 'api_key.created' | 'api_key.rolled' | 'api_key.revoked';

/** One change to a workspace or its keys: who made it, when, and what it was. Never updated. */
@Entity({ name: 'audit_log' })
export class AuditLogEntryEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'workspace_id', type: 'text' })
  workspaceId!: string;

  /** The mode of the key the change concerns; null for changes to the workspace itself. */
  @Column({ type: 'text', nullable: true })
  mode!: Mode | null;

  @Column({ type: 'timestamptz', insert: false })
  at!: Date;

  /** `operator:admin_api`, `operator:admin_cli` or `api_key:<id>` (the secret key that made the change). */
  @Column({ type: 'text' })
  actor!: string;

  @Column({ type: 'text' })
  action!: AuditAction;

  @Column({ name: 'api_key_id', type: 'uuid', nullable: true })
  apiKeyId!: string | null;

  @Column({ type: 'jsonb' })
  details!: Record<string, unknown>;
}
