import { TextColumn, UpdatedAtColumn, WorkspaceRecord } from '@app/persistence';
import { Entity } from 'typeorm';

@Entity({ name: 'partners' })
export class PartnerEntity extends WorkspaceRecord {
  @TextColumn() name!: string;
  @TextColumn('email', { nullable: true }) email!: string | null;

  /** Where `GET /r/TOKEN` sends visitors: the merchant's page for this partner. */
  @TextColumn('destination_url') destinationUrl!: string;

  /** Where the partner wants to be paid when not at `email` (the payout CSV uses it), or null. */
  @TextColumn('payout_email', { nullable: true }) payoutEmail!: string | null;

  /** The partner's own reference for their payouts (up to 200 characters), or null. */
  @TextColumn('payout_reference', { nullable: true }) payoutReference!: string | null;

  /** Set on every edit; versions the `partner.upserted` events, so consumers keep the newest. */
  @UpdatedAtColumn() updatedAt!: Date;
}
