import { randomUUID } from 'node:crypto';
import type { ConversionView } from '@app/domain';

/**
 * A converted initial sale of 100.00 usd by a partner, as attribution announces it: what the unit
 * and the medium specs start from, `over` naming what a case changes.
 */
export function sale(partnerId: string, over: Partial<ConversionView> = {}): ConversionView {
  const at = new Date(Date.now() + 1000).toISOString();
  return {
    id: randomUUID(),
    object: 'conversion',
    mode: 'test',
    status: 'converted',
    kind: 'initial',
    source: 'stripe',
    event_type: 'sale',
    partner_id: partnerId,
    click_id: null,
    referral_token: null,
    promo_code: null,
    amount_cents: 10_000,
    currency: 'usd',
    source_event_id: null,
    external_transaction_id: null,
    stripe: { customer: null, subscription: null, invoice: null, checkout_session: null },
    commissionable_amount_cents: 10_000,
    refunded_amount_cents: 0,
    dispute_status: null,
    customer_email: null,
    initial_conversion_id: null,
    initial_occurred_at: null,
    occurred_at: at,
    created_at: at,
    ...over,
  };
}
