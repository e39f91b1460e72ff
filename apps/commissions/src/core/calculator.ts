import type { ConversionView } from '@app/domain';
import { CommissionTerms, MAX_AMOUNT } from './terms';

/** The part of a conversion a commission depends on (its latest state). */
export type ConversionFacts = Pick<
  ConversionView,
  | 'id'
  | 'status'
  | 'kind'
  | 'source'
  | 'event_type'
  | 'amount_cents'
  | 'currency'
  | 'commissionable_amount_cents'
  | 'refunded_amount_cents'
  | 'dispute_status'
  | 'initial_occurred_at'
  | 'occurred_at'
>;

/** Why a conversion earns nothing (now). */
export type NoEarningReason = 'not_converted' | 'duplicate' | 'refunded' | 'dispute_lost' | 'not_eligible' | 'no_currency';

export interface Earning {
  /** Minor units of `currency`; 0 when it earns nothing. */
  amountCents: number;
  /** Null when it earns. */
  reason: NoEarningReason | null;
  /** An open dispute: the amount stands, but the commission waits for the dispute to close. */
  disputed: boolean;
}

/**
 * The product of `factors` divided by the product of `divisors`, rounded half up, on integers (bigint, so no precision is lost on the way). All inputs
 * are non-negative and the divisors positive. Half-up on the exact quotient is the one rounding rule of the service.
 */
export function mulDivHalfUp(factors: number[], divisors: number[]): number {
  const num = factors.reduce((acc, f) => acc * BigInt(f), 1n);
  const den = divisors.reduce((acc, d) => acc * BigInt(d), 1n);
  const result = Number((2n * num + den) / (2n * den));
  if (!Number.isSafeInteger(result) || result > MAX_AMOUNT) throw new RangeError('commission amount out of range');
  return result;
}

/** Adds calendar months in UTC, clamping to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addMonthsUtc(date: Date, months: number): Date {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(y, m, Math.min(date.getUTCDate(), lastDay), date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds()),
  );
}

/**
 * Whether the plan's terms let this conversion earn at all. `paymentNumber` is the conversion's
 * place in its subscription (1 for the initial sale), counted over the renewals known so far.
 */
export function isEligible(terms: CommissionTerms, c: ConversionFacts, paymentNumber: number): boolean {
  if (c.source === 'api') return terms.earns.event_types.includes(c.event_type);
  if (c.kind === 'initial') return terms.earns.initial;
  if (!terms.earns.renewals) return false;
  const recurring = terms.recurring;
  if (recurring.limit === 'forever') return true;
  if (recurring.limit === 'payments') return paymentNumber <= recurring.count;
  // A renewal whose initial sale is unknown cannot be placed in a window: it does not earn.
  if (!c.initial_occurred_at) return false;
  return new Date(c.occurred_at).getTime() < addMonthsUtc(new Date(c.initial_occurred_at), recurring.count).getTime();
}

/**
 * What a conversion earns under `terms`: a pure function of the terms and the conversion's latest
 * state. The base is the commissionable amount lowered in proportion to what was refunded
 * (commissionable × (amount − refunded) / amount), folded into one integer computation so it is
 * rounded once, half up, in the sale's own currency and minor units (JPY has none: yen stay yen).
 */
export function computeEarning(terms: CommissionTerms, c: ConversionFacts, paymentNumber: number): Earning {
  const none = (reason: NoEarningReason): Earning => ({ amountCents: 0, reason, disputed: false });
  if (c.status === 'duplicate') return none('duplicate');
  if (c.status !== 'converted') return none('not_converted');
  if (!c.currency) return none('no_currency');
  if (!isEligible(terms, c, paymentNumber)) return none('not_eligible');
  if (c.dispute_status === 'lost') return none('dispute_lost');
  const amount = Math.max(0, c.amount_cents);
  const refunded = Math.min(Math.max(0, c.refunded_amount_cents), amount);
  if (amount > 0 && refunded >= amount) return none('refunded');
  const kept = amount - refunded;
  let amountCents: number;
  if (terms.rate.type === 'percentage') {
    const base = Math.max(0, c.commissionable_amount_cents);
    // A zero-amount sale has nothing refunded: its base is the commissionable amount.
    amountCents = amount === 0 ? mulDivHalfUp([base, terms.rate.rate_bps], [10_000]) : mulDivHalfUp([base, terms.rate.rate_bps, kept], [amount, 10_000]);
  } else {
    const flat = terms.rate.amounts[c.currency.toLowerCase()];
    if (flat === undefined) return none('not_eligible');
    amountCents = amount === 0 ? flat : mulDivHalfUp([flat, kept], [amount]);
  }
  return { amountCents, reason: null, disputed: c.dispute_status === 'open' };
}
