import { ConversionEntity } from './conversion.entity';

export function presentConversion(c: ConversionEntity) {
  return {
    id: c.id,
    object: 'conversion',
    mode: c.mode,
    status: c.status,
    kind: c.kind,
    partner_id: c.partnerId,
    click_id: c.clickId,
    promo_code: c.promoCode,
    amount_cents: c.amountCents,
    currency: c.currency,
    source_event_id: c.sourceEventId,
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
