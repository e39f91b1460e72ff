import type { ConversionRecord } from '../conversions/conversion-record';
import type { UnattributedInvoice } from '../unattributed-sales';

/** A converted Stripe sale of `cus_1`, for specs; every field can be overridden. */
export function conversionRecord(over: Partial<ConversionRecord> = {}): ConversionRecord {
  return {
    id: 'c1',
    workspaceId: 'ws_1',
    mode: 'test',
    partnerId: 'p1',
    clickId: null,
    referralToken: null,
    promoCode: null,
    kind: 'initial',
    source: 'stripe',
    eventType: 'sale',
    status: 'converted',
    amountCents: 100,
    currency: 'usd',
    sourceEventId: 'evt_1',
    externalTransactionId: null,
    stripeCustomerId: 'cus_1',
    stripeSubscriptionId: null,
    stripeInvoiceId: null,
    stripeCheckoutSessionId: null,
    commissionableAmountCents: 100,
    refundedAmountCents: 0,
    disputeStatus: null,
    customerEmail: null,
    initialConversionId: null,
    initialOccurredAt: null,
    occurredAt: new Date('2026-01-01T00:00:00Z'),
    createdAt: new Date('2026-01-01T00:00:00Z'),
    ...over,
  };
}

/** A renewal invoice of `cus_1` kept unattributed, for specs. */
export function unattributedInvoice(id: string, occurredAt: string, over: Partial<UnattributedInvoice> = {}): UnattributedInvoice {
  return {
    invoiceId: id,
    customerId: 'cus_1',
    subscriptionId: 'sub_1',
    billingReason: 'subscription_cycle',
    amountCents: 2900,
    commissionableAmountCents: 2900,
    currency: 'usd',
    occurredAt: new Date(occurredAt),
    sourceEventId: `evt_${id}`,
    // Arrived when it was paid, unless a spec says otherwise.
    receivedAt: new Date(occurredAt),
    ...over,
  };
}
