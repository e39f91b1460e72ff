import { WorkspaceRecord } from '@app/persistence';
import { Column, Entity } from 'typeorm';
import type { ApiKeyKind } from '@app/domain';

/**
 * A key is found by its SHA-256. A secret key itself is shown once, when it is created; a
 * publishable key is public by design (it is in the snippet tag), so its plaintext is kept too.
 */
@Entity({ name: 'api_keys' })
export class ApiKeyEntity extends WorkspaceRecord {
  @Column({ type: 'text' })
  kind!: ApiKeyKind;

  @Column({ name: 'key_hash', type: 'char', length: 64 })
  keyHash!: string;

  @Column({ name: 'key_hint', type: 'text' })
  keyHint!: string;

  /** Publishable keys only (a check holds the table to it); null for keys made before it was kept. */
  @Column({ name: 'publishable_key', type: 'text', nullable: true })
  publishableKey!: string | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  /** Set when the key is rolled: it works until then (its grace period), then stops. */
  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;
}
