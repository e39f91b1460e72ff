import { ConversionKind, ConversionSource, ConversionStatus, ConversionView, DisputeStatus, Mode } from '@app/domain';
import { rowMapping } from '@app/persistence';

/** A conversion as stored; the entity and raw `RETURNING *` rows both map to it. */
export interface ConversionRecord {
  id: string;
  workspaceId: string;
  mode: Mode;
  partnerId: string;
  clickId: string | null;
  /** The referral token of the credited click (a renewal: its initial sale's); null for a promo code or no click. */
  referralToken: string | null;
  promoCode: string | null;
  kind: ConversionKind;
  source: ConversionSource;
  eventType: string;
  status: ConversionStatus;
  amountCents: number;
  currency: string | null;
  sourceEventId: string | null;
  externalTransactionId: string | null;
  stripeCustomerId: string | null;
  stripeSubscriptionId: string | null;
  stripeInvoiceId: string | null;
  stripeCheckoutSessionId: string | null;
  /** What a commission is computed on (tax excluded); null for conversions recorded before it was: the whole amount. */
  commissionableAmountCents: number | null;
  /** Cumulative, only ever grows, at most `amountCents` (see money-back.ts). */
  refundedAmountCents: number;
  disputeStatus: DisputeStatus | null;
  customerEmail: string | null;
  /** A renewal's initial sale: the conversion of the binding (or subscription sale) it is credited through. */
  initialConversionId: string | null;
  initialOccurredAt: Date | null;
  occurredAt: Date;
  createdAt: Date;
}

/**
 * The conversion's columns, the one mapping every hand-written statement uses (the SQL transaction,
 * the group commit); `ConversionEntity` declares the same columns for TypeORM, and
 * conversion-columns.spec.ts fails when the two, or the table, disagree.
 */
export const conversionRows = rowMapping<ConversionRecord>(
  {
    id: 'id',
    workspaceId: 'workspace_id',
    mode: 'mode',
    partnerId: 'partner_id',
    clickId: 'click_id',
    referralToken: 'referral_token',
    promoCode: 'promo_code',
    kind: 'kind',
    status: 'status',
    amountCents: 'amount_cents',
    currency: 'currency',
    sourceEventId: 'source_event_id',
    stripeCustomerId: 'stripe_customer_id',
    stripeSubscriptionId: 'stripe_subscription_id',
    stripeInvoiceId: 'stripe_invoice_id',
    stripeCheckoutSessionId: 'stripe_checkout_session_id',
    occurredAt: 'occurred_at',
    source: 'source',
    eventType: 'event_type',
    externalTransactionId: 'external_transaction_id',
    commissionableAmountCents: 'commissionable_amount_cents',
    refundedAmountCents: 'refunded_amount_cents',
    disputeStatus: 'dispute_status',
    customerEmail: 'customer_email',
    initialConversionId: 'initial_conversion_id',
    initialOccurredAt: 'initial_occurred_at',
    createdAt: 'created_at',
  },
  {
    amountCents: 'number',
    commissionableAmountCents: 'number',
    refundedAmountCents: 'number',
    occurredAt: 'date',
    initialOccurredAt: 'date',
    createdAt: 'date',
  },
);

export function conversionFromRow(r: Record<string, unknown>): ConversionRecord {
  return conversionRows.fromRow(r);
}

/** The public shape, in the API and in `conversion.*` events alike. */
export function presentConversion(c: ConversionRecord): ConversionView {
  return {
    id: c.id,
    object: 'conversion',
    mode: c.mode,
    status: c.status,
    kind: c.kind,
    source: c.source,
    event_type: c.eventType,
    partner_id: c.partnerId,
    click_id: c.clickId,
    referral_token: c.referralToken,
    promo_code: c.promoCode,
    amount_cents: c.amountCents,
    currency: c.currency,
    source_event_id: c.sourceEventId,
    external_transaction_id: c.externalTransactionId,
    stripe: {
      customer: c.stripeCustomerId,
      subscription: c.stripeSubscriptionId,
      invoice: c.stripeInvoiceId,
      checkout_session: c.stripeCheckoutSessionId,
    },
    commissionable_amount_cents: c.commissionableAmountCents ?? c.amountCents,
    refunded_amount_cents: c.refundedAmountCents,
    dispute_status: c.disputeStatus,
    customer_email: c.customerEmail,
    initial_conversion_id: c.initialConversionId,
    initial_occurred_at: c.initialOccurredAt?.toISOString() ?? null,
    occurred_at: c.occurredAt.toISOString(),
    created_at: c.createdAt.toISOString(),
  };
}
