import { ConversionKind, ConversionSource, ConversionStatus, ConversionView, Mode } from '@app/domain';

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

export function conversionFromRow(r: Record<string, unknown>): ConversionRecord {
  return {
    id: r.id as string,
    workspaceId: r.workspace_id as string,
    mode: r.mode as Mode,
    partnerId: r.partner_id as string,
    clickId: (r.click_id as string | null) ?? null,
    promoCode: (r.promo_code as string | null) ?? null,
    kind: r.kind as ConversionKind,
    source: r.source as ConversionSource,
    eventType: r.event_type as string,
    status: r.status as ConversionStatus,
    amountCents: Number(r.amount_cents),
    currency: (r.currency as string | null) ?? null,
    sourceEventId: (r.source_event_id as string | null) ?? null,
    externalTransactionId: (r.external_transaction_id as string | null) ?? null,
    stripeCustomerId: (r.stripe_customer_id as string | null) ?? null,
    stripeSubscriptionId: (r.stripe_subscription_id as string | null) ?? null,
    stripeInvoiceId: (r.stripe_invoice_id as string | null) ?? null,
    stripeCheckoutSessionId: (r.stripe_checkout_session_id as string | null) ?? null,
    occurredAt: r.occurred_at as Date,
    createdAt: r.created_at as Date,
  };
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
    occurred_at: c.occurredAt.toISOString(),
    created_at: c.createdAt.toISOString(),
  };
}
