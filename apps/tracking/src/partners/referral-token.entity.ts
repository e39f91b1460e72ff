import { WorkspaceScoped } from '@app/persistence';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * The `ref` of a referral link. Tokens are unique across all workspaces and modes, because the
 * hosted redirect `GET /r/TOKEN` has nothing else to go on.
 */
@Entity({ name: 'referral_tokens' })
export class ReferralTokenEntity extends WorkspaceScoped {
  @PrimaryColumn({ type: 'text' })
  token!: string;

  @Column({ name: 'partner_id', type: 'uuid' })
  partnerId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
