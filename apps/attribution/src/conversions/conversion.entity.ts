import { CentsColumn, WorkspaceRecord } from '@app/persistence';
import type { ConversionRecord } from './conversion-record';
import { Column, Entity } from 'typeorm';
import type { ConversionKind, ConversionSource, ConversionStatus, DisputeStatus } from '@app/domain';

@Entity({ name: 'conversions' })
export class ConversionEntity extends WorkspaceRecord implements ConversionRecord {
  @Column({ name: 'partner_id', type: 'uuid' })
  partnerId!: string;

  @Column({ name: 'click_id', type: 'uuid', nullable: true })
  clickId!: string | null;

  @Column({ name: 'referral_token', type: 'text', nullable: true })
  referralToken!: string | null;

  @Column({ name: 'promo_code', type: 'text', nullable: true })
  promoCode!: string | null;

  @Column({ type: 'text' })
  kind!: ConversionKind;

  @Column({ type: 'text' })
  source!: ConversionSource;

  @Column({ name: 'event_type', type: 'text' })
  eventType!: string;

  @Column({ type: 'text' })
  status!: ConversionStatus;

  /** Minor units, as Stripe reports them. */
  @CentsColumn('amount_cents')
  amountCents!: number;

  @Column({ type: 'text', nullable: true })
  currency!: string | null;

  @Column({ name: 'source_event_id', type: 'text', nullable: true })
  sourceEventId!: string | null;

  @Column({ name: 'external_transaction_id', type: 'text', nullable: true })
  externalTransactionId!: string | null;

  @Column({ name: 'stripe_customer_id', type: 'text', nullable: true })
  stripeCustomerId!: string | null;

  @Column({ name: 'stripe_subscription_id', type: 'text', nullable: true })
  stripeSubscriptionId!: string | null;

  @Column({ name: 'stripe_invoice_id', type: 'text', nullable: true })
  stripeInvoiceId!: string | null;

  @Column({ name: 'stripe_checkout_session_id', type: 'text', nullable: true })
  stripeCheckoutSessionId!: string | null;

  @CentsColumn('commissionable_amount_cents', { nullable: true })
  commissionableAmountCents!: number | null;

  @CentsColumn('refunded_amount_cents', { default: 0 })
  refundedAmountCents!: number;

  @Column({ name: 'dispute_status', type: 'text', nullable: true })
  disputeStatus!: DisputeStatus | null;

  @Column({ name: 'customer_email', type: 'text', nullable: true })
  customerEmail!: string | null;

  @Column({ name: 'initial_conversion_id', type: 'uuid', nullable: true })
  initialConversionId!: string | null;

  @Column({ name: 'initial_occurred_at', type: 'timestamptz', nullable: true })
  initialOccurredAt!: Date | null;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;
}
