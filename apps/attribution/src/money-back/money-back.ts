import { DisputeStatus } from '@app/domain';

/** What one refund or dispute event says about a payment; null: it says nothing of that. */
export interface MoneyBackChange {
  /** Cumulative (Stripe's `amount_refunded`, the Conversion API's `amount_refunded_cents`). */
  refundedAmountCents: number | null;
  disputeStatus: DisputeStatus | null;
}

export interface MoneyBackState {
  refundedAmountCents: number;
  disputeStatus: DisputeStatus | null;
}

/**
 * A dispute only moves forward: open, then closed won or lost. Stripe closes a dispute for good, so
 * won and lost never both happen to one; should events say both, lost is kept (the merchant lost the
 * money) rather than whichever came last.
 */
const DISPUTE_RANK: Record<DisputeStatus, number> = { open: 1, won: 2, lost: 3 };

/**
 * The merge rule of money coming back, the same in every order and with every redelivery: the
 * refunded total only grows (every event carries the cumulative total, so the largest is the latest),
 * capped at the sale's amount; the dispute state only moves forward. Both are a maximum, so applying
 * events in any order, any number of times, gives one result.
 */
export function mergeMoneyBack(current: MoneyBackState, change: MoneyBackChange, saleAmountCents: number): MoneyBackState {
  const refunded = Math.min(saleAmountCents, Math.max(current.refundedAmountCents, change.refundedAmountCents ?? 0));
  const dispute =
    change.disputeStatus && (!current.disputeStatus || DISPUTE_RANK[change.disputeStatus] > DISPUTE_RANK[current.disputeStatus])
      ? change.disputeStatus
      : current.disputeStatus;
  return { refundedAmountCents: Math.max(current.refundedAmountCents, refunded), disputeStatus: dispute };
}

export function sameMoneyBack(a: MoneyBackState, b: MoneyBackState): boolean {
  return a.refundedAmountCents === b.refundedAmountCents && a.disputeStatus === b.disputeStatus;
}

/** Stripe told us that this payment (a PaymentIntent, a Charge, or an invoice) belongs to this sale (a Checkout Session or an invoice). */
export interface PaymentLink {
  paymentId: string;
  saleId: string;
}

/** The ids a sale can be counted under (see `findConversionFor`): the ones its events lock (sale-locks.ts). */
export function isSaleId(id: string): boolean {
  return id.startsWith('cs_') || id.startsWith('in_');
}

/** A Checkout Session's links: its PaymentIntent (payment mode) pays it, and its invoice (if any) is its sale too. */
export function checkoutLinks(session: { id: string; paymentIntentId: string | null; invoiceId: string | null }): PaymentLink[] {
  const links: PaymentLink[] = [];
  if (session.paymentIntentId) links.push({ paymentId: session.paymentIntentId, saleId: session.id });
  if (session.invoiceId) links.push({ paymentId: session.invoiceId, saleId: session.id });
  if (session.paymentIntentId && session.invoiceId) links.push({ paymentId: session.paymentIntentId, saleId: session.invoiceId });
  return links;
}

/** A pre-basil Invoice names the PaymentIntent and the Charge that paid it (basil's do not: see `invoice_payment.paid`). */
export function invoiceLinks(invoice: { id: string; paymentIntentId: string | null; chargeId: string | null }): PaymentLink[] {
  return [invoice.paymentIntentId, invoice.chargeId].filter((p): p is string => !!p).map((paymentId) => ({ paymentId, saleId: invoice.id }));
}
