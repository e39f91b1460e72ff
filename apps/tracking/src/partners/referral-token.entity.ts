import { WorkspaceScoped } from '@app/persistence';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type ReferralTokenAddedBy = 'merchant' | 'partner';

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

  /** The partner's or merchant's name for the link (1 to 60 characters), or null. */
  @Column({ type: 'text', nullable: true })
  label!: string | null;

  /** Who added the token: the partner's own additions (through the portal) count against `partner_link_limit`. */
  @Column({ name: 'added_by', type: 'text', default: 'merchant' })
  addedBy!: ReferralTokenAddedBy;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
