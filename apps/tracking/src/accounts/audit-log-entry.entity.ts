import { TextColumn, TimestampColumn, UuidColumn } from '@app/persistence';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Mode } from '@app/domain';

export type AuditAction = 'workspace.created' | 'workspace.renamed' | 'api_key.created' | 'api_key.rolled' | 'api_key.revoked';

/** One change to a workspace or its keys: who made it, when, and what it was. Never updated. */
@Entity({ name: 'audit_log' })
export class AuditLogEntryEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @TextColumn('workspace_id') workspaceId!: string;

  /** The mode of the key the change concerns; null for changes to the workspace itself. */
  @TextColumn('mode', { nullable: true }) mode!: Mode | null;

  /** The database's clock_timestamp() at the insert. */
  @TimestampColumn('at', { insert: false }) at!: Date;

  /** `operator:admin_api`, `operator:admin_cli` or `api_key:<id>` (the secret key that made the change). */
  @TextColumn() actor!: string;
  @TextColumn() action!: AuditAction;
  @UuidColumn('api_key_id', { nullable: true }) apiKeyId!: string | null;
  @Column({ type: 'jsonb' }) details!: Record<string, unknown>;
}
