import type { DisputeStatus } from '@app/domain';
import { idOf } from './checkout-session';

/**
 * The facts attribution needs from a refunded Charge (`charge.refunded`), in either payload shape:
 * before `2025-03-31.basil` the Charge names its `invoice`; from basil on it does not, and its
 * invoice is found through the InvoicePayment that links the invoice to its PaymentIntent.
 */
export interface RefundedChargeFacts {
  chargeId: string;
  paymentIntentId: string | null;
  /** Pre-basil only. */
  invoiceId: string | null;
  customerId: string | null;
  amountCents: number;
  /** Cumulative, as Stripe reports it: the latest event alone gives the refunded total. */
  amountRefundedCents: number;
  currency: string | null;
}

export function readRefundedCharge(object: Record<string, unknown>): RefundedChargeFacts | null {
  if (typeof object.id !== 'string' || !object.id) return null;
  return {
    chargeId: object.id,
    paymentIntentId: idOf(object.payment_intent),
    invoiceId: idOf(object.invoice),
    customerId: idOf(object.customer),
    amountCents: minorUnits(object.amount),
    amountRefundedCents: minorUnits(object.amount_refunded),
    currency: currencyOf(object.currency),
  };
}

/** The facts of a Dispute (`charge.dispute.*`): the payment it disputes and where it stands. */
export interface DisputeFacts {
  disputeId: string;
  chargeId: string | null;
  paymentIntentId: string | null;
  status: DisputeStatus;
}

/** Stripe's many open states (`warning_needs_response`, `needs_response`, `under_review`, ...) are one: `open`. */
export function disputeStatusOf(stripeStatus: unknown): DisputeStatus {
  if (stripeStatus === 'won' || stripeStatus === 'lost') return stripeStatus;
  return 'open';
}

export function readDispute(object: Record<string, unknown>): DisputeFacts | null {
  if (typeof object.id !== 'string' || !object.id) return null;
  const chargeId = idOf(object.charge);
  const paymentIntentId = idOf(object.payment_intent);
  if (!chargeId && !paymentIntentId) return null;
  return { disputeId: object.id, chargeId, paymentIntentId, status: disputeStatusOf(object.status) };
}

/**
 * An InvoicePayment (`invoice_payment.paid`, from basil on): the only link from an invoice to the
 * PaymentIntent (or, for `payment.type = charge`, the Charge) that paid it.
 */
export interface InvoicePaymentFacts {
  id: string;
  invoiceId: string;
  /** The PaymentIntent or Charge id. */
  paymentId: string;
}

export function readInvoicePayment(object: Record<string, unknown>): InvoicePaymentFacts | null {
  if (typeof object.id !== 'string' || !object.id) return null;
  const invoiceId = idOf(object.invoice);
  const payment = object.payment && typeof object.payment === 'object' ? (object.payment as Record<string, unknown>) : null;
  const paymentId = payment ? (payment.type === 'charge' ? idOf(payment.charge) : idOf(payment.payment_intent)) : null;
  if (!invoiceId || !paymentId) return null;
  return { id: object.id, invoiceId, paymentId };
}

export function minorUnits(value: unknown): number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : 0;
}

function currencyOf(value: unknown): string | null {
  return typeof value === 'string' ? value.toLowerCase() : null;
}
