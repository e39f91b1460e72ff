import { idOf, wholeCents } from './checkout-session';

/**
 * The facts attribution needs from a Stripe Invoice, in either payload shape:
 * - before `2025-03-31.basil`: top-level `subscription`, `subscription_details`, `paid`;
 * - from basil on: `parent.subscription_details.subscription`, and `status === 'paid'` only.
 * The shape is read from what the object carries, not from the event's `api_version`.
 */
export interface InvoiceFacts {
  id: string;
  customerId: string | null;
  subscriptionId: string | null;
  /** `subscription_create` marks the first invoice of a subscription. */
  billingReason: string | null;
  paid: boolean;
  amountPaid: number;
  /**
   * What a commission is computed on: `total_excluding_tax` (discounts already taken off, tax
   * excluded), at most what was paid; `amount_paid` when Stripe states no such total.
   */
  commissionableCents: number;
  /** Pre-basil only: the PaymentIntent and Charge that paid it (from basil on, see `invoice_payment.paid`). */
  paymentIntentId: string | null;
  chargeId: string | null;
  currency: string | null;
  /** The invoice's own metadata. Subscription metadata is deliberately not read (see the seed). */
  metadata: unknown;
  shape: 'pre-basil' | 'basil';
}

export function readInvoice(object: Record<string, unknown>): InvoiceFacts | null {
  if (typeof object.id !== 'string' || !object.id) return null;
  const parent = object.parent && typeof object.parent === 'object' ? (object.parent as Record<string, unknown>) : null;
  const fromParent =
    parent?.type === 'subscription_details' && parent.subscription_details && typeof parent.subscription_details === 'object'
      ? idOf((parent.subscription_details as Record<string, unknown>).subscription)
      : null;
  const amountPaid = wholeCents(object.amount_paid);
  const shape = parent !== null || !('paid' in object) ? 'basil' : 'pre-basil';
  return {
    id: object.id,
    customerId: idOf(object.customer),
    subscriptionId: fromParent ?? idOf(object.subscription),
    billingReason: typeof object.billing_reason === 'string' ? object.billing_reason : null,
    paid: object.status === 'paid' || object.paid === true,
    amountPaid,
    commissionableCents:
      typeof object.total_excluding_tax === 'number' && Number.isSafeInteger(object.total_excluding_tax)
        ? Math.min(amountPaid, Math.max(0, object.total_excluding_tax))
        : amountPaid,
    paymentIntentId: idOf(object.payment_intent),
    chargeId: idOf(object.charge),
    currency: typeof object.currency === 'string' ? object.currency.toLowerCase() : null,
    metadata: object.metadata,
    shape,
  };
}
