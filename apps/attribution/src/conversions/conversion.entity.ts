import { CentsColumn, TextColumn, TimestampColumn, UuidColumn, WorkspaceRecord } from '@app/persistence';
import type { ConversionRecord } from './conversion-record';
import { Entity } from 'typeorm';
import type { ConversionKind, ConversionSource, ConversionStatus, DisputeStatus } from '@app/domain';

@Entity({ name: 'conversions' })
export class ConversionEntity extends WorkspaceRecord implements ConversionRecord {
  @UuidColumn('partner_id') partnerId!: string;
  @UuidColumn('click_id', { nullable: true }) clickId!: string | null;
  @TextColumn('referral_token', { nullable: true }) referralToken!: string | null;
  @TextColumn('promo_code', { nullable: true }) promoCode!: string | null;
  @TextColumn() kind!: ConversionKind;
  @TextColumn() source!: ConversionSource;
  @TextColumn('event_type') eventType!: string;
  @TextColumn() status!: ConversionStatus;

  /** Minor units, as Stripe reports them. */
  @CentsColumn('amount_cents') amountCents!: number;
  @TextColumn('currency', { nullable: true }) currency!: string | null;
  @TextColumn('source_event_id', { nullable: true }) sourceEventId!: string | null;
  @TextColumn('external_transaction_id', { nullable: true }) externalTransactionId!: string | null;
  @TextColumn('stripe_customer_id', { nullable: true }) stripeCustomerId!: string | null;
  @TextColumn('stripe_subscription_id', { nullable: true }) stripeSubscriptionId!: string | null;
  @TextColumn('stripe_invoice_id', { nullable: true }) stripeInvoiceId!: string | null;
  @TextColumn('stripe_checkout_session_id', { nullable: true }) stripeCheckoutSessionId!: string | null;
  @CentsColumn('commissionable_amount_cents', { nullable: true }) commissionableAmountCents!: number | null;
  @CentsColumn('refunded_amount_cents', { default: 0 }) refundedAmountCents!: number;
  @TextColumn('dispute_status', { nullable: true }) disputeStatus!: DisputeStatus | null;
  @TextColumn('customer_email', { nullable: true }) customerEmail!: string | null;
  @UuidColumn('initial_conversion_id', { nullable: true }) initialConversionId!: string | null;
  @TimestampColumn('initial_occurred_at', { nullable: true }) initialOccurredAt!: Date | null;
  @TimestampColumn('occurred_at') occurredAt!: Date;
}
