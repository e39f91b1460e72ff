import { CreatedAtColumn, TextColumn, UuidColumn, WorkspaceScoped } from '@app/persistence';
import { Entity, PrimaryColumn } from 'typeorm';

export type ReferralTokenAddedBy = 'merchant' | 'partner';

/**
 * The `ref` of a referral link. Tokens are unique across all workspaces and modes, because the
 * hosted redirect `GET /r/TOKEN` has nothing else to go on.
 */
@Entity({ name: 'referral_tokens' })
export class ReferralTokenEntity extends WorkspaceScoped {
  @PrimaryColumn({ type: 'text' }) token!: string;
  @UuidColumn('partner_id') partnerId!: string;

  /** The partner's or merchant's name for the link (1 to 60 characters), or null. */
  @TextColumn('label', { nullable: true }) label!: string | null;

  /** Who added the token: the partner's own additions (through the portal) count against `partner_link_limit`. */
  @TextColumn('added_by', { default: 'merchant' }) addedBy!: ReferralTokenAddedBy;
  @CreatedAtColumn() createdAt!: Date;
}
