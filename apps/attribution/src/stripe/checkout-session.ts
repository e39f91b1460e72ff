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
  /** What a commission is computed on: `amount_total - total_details.amount_tax`, never below 0. */
  commissionableCents: number;
  currency: string | null;
  /** Payment mode: the PaymentIntent its refunds and disputes name. */
  paymentIntentId: string | null;
  /** `customer_details.email`, trimmed and lower-cased. */
  customerEmail: string | null;
}

export function readCheckoutSession(object: Record<string, unknown>): CheckoutSessionFacts | null {
  if (typeof object.id !== 'string' || !object.id) return null;
  const amountTotal = wholeCents(object.amount_total);
  const totals = object.total_details && typeof object.total_details === 'object' ? (object.total_details as Record<string, unknown>) : {};
  const amountTax = wholeCents(totals.amount_tax);
  return {
    id: object.id,
    mode: typeof object.mode === 'string' ? object.mode : null,
    paymentStatus: typeof object.payment_status === 'string' ? object.payment_status : null,
    clientReferenceId: object.client_reference_id,
    metadata: object.metadata,
    customerId: idOf(object.customer),
    subscriptionId: idOf(object.subscription),
    invoiceId: idOf(object.invoice),
    amountTotal,
    commissionableCents: Math.max(0, amountTotal - amountTax),
    currency: typeof object.currency === 'string' ? object.currency.toLowerCase() : null,
    paymentIntentId: idOf(object.payment_intent),
    customerEmail: emailOf(object.customer_details),
  };
}

function emailOf(details: unknown): string | null {
  const email = details && typeof details === 'object' ? (details as { email?: unknown }).email : null;
  if (typeof email !== 'string') return null;
  const normal = email.trim().toLowerCase();
  // The column is text; an absurd value is no email worth reviewing.
  return normal && normal.length <= 320 ? normal : null;
}

/** A whole, non-negative number of minor units; anything else reads as 0. */
export function wholeCents(value: unknown): number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : 0;
}

/** A Stripe reference is either an id or, when expanded, an object carrying one. */
export function idOf(value: unknown): string | null {
  if (typeof value === 'string' && value) return value;
  if (value && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string') return (value as { id: string }).id;
  return null;
}
