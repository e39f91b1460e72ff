import { TextColumn, TimestampColumn, WorkspaceRecord } from '@app/persistence';
import { Column, Entity } from 'typeorm';
import type { ApiKeyKind } from '@app/domain';

/**
 * A key is found by its SHA-256. A secret key itself is shown once, when it is created; a
 * publishable key is public by design (it is in the snippet tag), so its plaintext is kept too.
 */
@Entity({ name: 'api_keys' })
export class ApiKeyEntity extends WorkspaceRecord {
  @TextColumn() kind!: ApiKeyKind;
  @Column({ name: 'key_hash', type: 'char', length: 64 }) keyHash!: string;
  @TextColumn('key_hint') keyHint!: string;

  /** Publishable keys only (a check holds the table to it); null for keys made before it was kept. */
  @TextColumn('publishable_key', { nullable: true }) publishableKey!: string | null;
  @TimestampColumn('revoked_at', { nullable: true }) revokedAt!: Date | null;

  /** Set when the key is rolled: it works until then (its grace period), then stops. */
  @TimestampColumn('expires_at', { nullable: true }) expiresAt!: Date | null;
}
