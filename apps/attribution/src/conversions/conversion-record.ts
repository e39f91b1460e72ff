import { ConversionKind, ConversionSource, ConversionStatus, ConversionView, Mode } from '@app/domain';
import { rowMapping } from '@app/persistence';

/** A conversion as stored; the entity and raw `RETURNING *` rows both map to it. */
export interface ConversionRecord {
  id: string;
  workspaceId: string;
  mode: Mode;
  partnerId: string;
  clickId: string | null;
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
    createdAt: 'created_at',
  },
  { amountCents: 'number', occurredAt: 'date', createdAt: 'date' },
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
    // Attribution does not read money coming back or taxes yet (issue 17): the whole amount earns, nothing is refunded.
    commissionable_amount_cents: c.amountCents,
    refunded_amount_cents: 0,
    dispute_status: null,
    customer_email: null,
    initial_conversion_id: null,
    initial_occurred_at: null,
    occurred_at: c.occurredAt.toISOString(),
    created_at: c.createdAt.toISOString(),
  };
}
