import { TextColumn, TimestampColumn, UuidColumn } from '@app/persistence';
import { Entity, PrimaryColumn } from 'typeorm';
import type { Mode, StripeEventOutcome } from '@app/domain';

/**
 * One row per Stripe event attribution has processed: the idempotency ledger (an event is
 * processed once however often it is delivered) and the answer to "why was this sale not
 * attributed?".
 */
@Entity({ name: 'stripe_events' })
export class StripeEventRecordEntity {
  @PrimaryColumn({ name: 'workspace_id', type: 'text' }) workspaceId!: string;
  @PrimaryColumn({ name: 'event_id', type: 'text' }) eventId!: string;
  @TextColumn() mode!: Mode;
  @TextColumn() type!: string;
  @TextColumn() outcome!: StripeEventOutcome;
  @TextColumn('detail', { nullable: true }) detail!: string | null;
  @UuidColumn('conversion_id', { nullable: true }) conversionId!: string | null;
  @TimestampColumn('stripe_created_at') stripeCreatedAt!: Date;
  @TimestampColumn('processed_at') processedAt!: Date;
}
