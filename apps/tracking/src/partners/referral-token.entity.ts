import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { Mode } from '@app/domain';

/**
 * The `ref` of a referral link. Tokens are unique across all workspaces and modes, because the
 * hosted redirect `GET /r/TOKEN` has nothing else to go on.
 */
@Entity({ name: 'referral_tokens' })
export class ReferralTokenEntity {
  @PrimaryColumn({ type: 'text' })
  token!: string;

  @Column({ name: 'workspace_id', type: 'text' })
  workspaceId!: string;

  @Column({ type: 'text' })
  mode!: Mode;

  @Column({ name: 'partner_id', type: 'uuid' })
  partnerId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
