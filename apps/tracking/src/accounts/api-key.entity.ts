import { WorkspaceRecord } from '@app/persistence';
import { Column, Entity } from 'typeorm';
import type { ApiKeyKind } from '@app/domain';

/** Only the SHA-256 of a key is stored; the key itself is shown once, when it is created. */
@Entity({ name: 'api_keys' })
export class ApiKeyEntity extends WorkspaceRecord {
  @Column({ type: 'text' })
  kind!: ApiKeyKind;

  @Column({ name: 'key_hash', type: 'char', length: 64 })
  keyHash!: string;

  @Column({ name: 'key_hint', type: 'text' })
  keyHint!: string;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  /** Set when the key is rolled: it works until then (its grace period), then stops. */
  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;
}
