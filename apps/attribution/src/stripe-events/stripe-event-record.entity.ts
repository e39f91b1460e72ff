import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Mode, StripeEventOutcome } from '@app/domain';

/**
 * One row per Stripe event attribution has processed: the idempotency ledger (an event is
 * processed once however often it is delivered) and the answer to "why was this sale not
 * attributed?".
 */
@Entity({ name: 'stripe_events' })
export class StripeEventRecordEntity {
  @PrimaryColumn({ name: 'workspace_id', type: 'text' })
  workspaceId!: string;

  @PrimaryColumn({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ type: 'text' })
  mode!: Mode;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'text' })
  outcome!: StripeEventOutcome;

  @Column({ type: 'text', nullable: true })
  detail!: string | null;

  @Column({ name: 'conversion_id', type: 'uuid', nullable: true })
  conversionId!: string | null;

  @Column({ name: 'stripe_created_at', type: 'timestamptz' })
  stripeCreatedAt!: Date;

  @Column({ name: 'processed_at', type: 'timestamptz' })
  processedAt!: Date;
}
