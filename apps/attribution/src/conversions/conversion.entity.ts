import { WorkspaceScoped } from '@app/persistence';
import type { ConversionRecord } from './conversion-record';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { ConversionKind, ConversionSource, ConversionStatus } from '@app/domain';

@Entity({ name: 'conversions' })
export class ConversionEntity extends WorkspaceScoped implements ConversionRecord {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'partner_id', type: 'uuid' })
  partnerId!: string;

  @Column({ name: 'click_id', type: 'uuid', nullable: true })
  clickId!: string | null;

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
  @Column({ name: 'amount_cents', type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
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

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
