/**
 * The facts attribution needs from a Stripe Checkout Session, read defensively: these fields are
 * the same in every API version (see fixtures/stripe/README.md), but any of them may be absent,
 * null, or an expanded object instead of an id.
 */
export interface CheckoutSessionFacts {
  id: string;
  mode: string | null;
  paymentStatus: string | null;
  clientReferenceId: unknown;
  metadata: unknown;
  customerId: string | null;
  subscriptionId: string | null;
  invoiceId: string | null;
  amountTotal: number;
  currency: string | null;
}

export function readCheckoutSession(object: Record<string, unknown>): CheckoutSessionFacts | null {
  if (typeof object.id !== 'string' || !object.id) return null;
  return {
    id: object.id,
    mode: typeof object.mode === 'string' ? object.mode : null,
    paymentStatus: typeof object.payment_status === 'string' ? object.payment_status : null,
    clientReferenceId: object.client_reference_id,
    metadata: object.metadata,
    customerId: idOf(object.customer),
    subscriptionId: idOf(object.subscription),
    invoiceId: idOf(object.invoice),
    amountTotal: typeof object.amount_total === 'number' && Number.isSafeInteger(object.amount_total) ? object.amount_total : 0,
    currency: typeof object.currency === 'string' ? object.currency.toLowerCase() : null,
  };
}

/** A Stripe reference is either an id or, when expanded, an object carrying one. */
export function idOf(value: unknown): string | null {
  if (typeof value === 'string' && value) return value;
  if (value && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string') return (value as { id: string }).id;
  return null;
}
