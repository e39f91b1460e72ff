import { WorkspaceScoped } from '@app/persistence';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'partners' })
export class PartnerEntity extends WorkspaceScoped {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  email!: string | null;

  /** Where `GET /r/TOKEN` sends visitors: the merchant's page for this partner. */
  @Column({ name: 'destination_url', type: 'text' })
  destinationUrl!: string;

  /** Where the partner wants to be paid when not at `email` (the payout CSV uses it), or null. */
  @Column({ name: 'payout_email', type: 'text', nullable: true })
  payoutEmail!: string | null;

  /** The partner's own reference for their payouts (up to 200 characters), or null. */
  @Column({ name: 'payout_reference', type: 'text', nullable: true })
  payoutReference!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** Set on every edit; versions the `partner.upserted` events, so consumers keep the newest. */
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
