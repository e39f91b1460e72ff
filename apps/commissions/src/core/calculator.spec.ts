import { addMonthsUtc, computeEarning, ConversionFacts, mulDivHalfUp } from './calculator';
import { CommissionTerms, planTermsSchema } from './terms';

const terms = (t: object): CommissionTerms => ({ ...planTermsSchema.parse(t), plan_id: 'p', scope: 'workspace' });
const percent = (rate_bps: number, more: object = {}) => terms({ rate: { type: 'percentage', rate_bps }, ...more });

const sale = (over: Partial<ConversionFacts> = {}): ConversionFacts => ({
  id: '00000000-0000-4000-8000-000000000001',
  status: 'converted',
  kind: 'initial',
  source: 'stripe',
  event_type: 'sale',
  amount_cents: 10_000,
  currency: 'usd',
  commissionable_amount_cents: 10_000,
  refunded_amount_cents: 0,
  dispute_status: null,
  initial_occurred_at: null,
  occurred_at: '2026-01-15T00:00:00Z',
  ...over,
});

const renewal = (occurred_at: string, over: Partial<ConversionFacts> = {}) =>
  sale({ kind: 'renewal', initial_occurred_at: '2026-01-31T10:00:00Z', occurred_at, ...over });

describe('commission calculator', () => {
  it('applies a rate in basis points to the commissionable amount (tax excluded)', () => {
    expect(computeEarning(percent(2000), sale({ amount_cents: 12_000, commissionable_amount_cents: 10_000 }), 1)).toEqual({
      amountCents: 2000,
      reason: null,
      disputed: false,
    });
    expect(computeEarning(percent(1), sale({ commissionable_amount_cents: 10_000 }), 1).amountCents).toBe(1);
  });

  it('rounds half up, once, on the exact integer quotient', () => {
    // 12.5% of 999 = 124.875 -> 125; 10% of 5 = 0.5 -> 1; 10% of 4 = 0.4 -> 0.
    expect(computeEarning(percent(1250), sale({ amount_cents: 999, commissionable_amount_cents: 999 }), 1).amountCents).toBe(125);
    expect(computeEarning(percent(1000), sale({ amount_cents: 5, commissionable_amount_cents: 5 }), 1).amountCents).toBe(1);
    expect(computeEarning(percent(1000), sale({ amount_cents: 4, commissionable_amount_cents: 4 }), 1).amountCents).toBe(0);
    // Exactly half goes up.
    expect(mulDivHalfUp([1, 1], [2])).toBe(1);
    expect(mulDivHalfUp([1_000_000_000_000, 10_000, 999_999_999_999], [1_000_000_000_000, 10_000])).toBe(999_999_999_999);
  });

  it('pays flat amounts per currency, and nothing in a currency the plan does not name', () => {
    const flat = terms({ rate: { type: 'flat', amounts: { usd: 500, jpy: 700 } } });
    expect(computeEarning(flat, sale(), 1).amountCents).toBe(500);
    expect(computeEarning(flat, sale({ currency: 'jpy', amount_cents: 3000, commissionable_amount_cents: 3000 }), 1).amountCents).toBe(700);
    expect(computeEarning(flat, sale({ currency: 'eur' }), 1)).toEqual({ amountCents: 0, reason: 'not_eligible', disputed: false });
  });

  it('keeps zero-decimal currencies in their own units (yen stay yen)', () => {
    // 15% of ¥3,333 = ¥499.95 -> ¥500; never divided by 100.
    expect(computeEarning(percent(1500), sale({ currency: 'jpy', amount_cents: 3333, commissionable_amount_cents: 3333 }), 1).amountCents).toBe(500);
    expect(computeEarning(percent(1500), sale({ currency: 'JPY', amount_cents: 3333, commissionable_amount_cents: 3333 }), 1).amountCents).toBe(500);
  });

  it('lowers the base in proportion to what was refunded, and reverses on a full refund', () => {
    const t = percent(2000);
    // commissionable 10000 of 12000 paid; 3000 refunded -> base 10000 * 9000 / 12000 = 7500 -> 1500.
    expect(computeEarning(t, sale({ amount_cents: 12_000, commissionable_amount_cents: 10_000, refunded_amount_cents: 3000 }), 1).amountCents).toBe(1500);
    // 1/3 refunded: 20% of 10000 * 2/3 = 1333.33 -> 1333.
    expect(computeEarning(t, sale({ amount_cents: 300, commissionable_amount_cents: 10_000, refunded_amount_cents: 100 }), 1).amountCents).toBe(1333);
    expect(computeEarning(t, sale({ refunded_amount_cents: 10_000 }), 1)).toEqual({ amountCents: 0, reason: 'refunded', disputed: false });
    const flat = terms({ rate: { type: 'flat', amounts: { usd: 500 } } });
    expect(computeEarning(flat, sale({ refunded_amount_cents: 5000 }), 1).amountCents).toBe(250);
  });

  it('reverses on a lost dispute and a duplicate; holds on an open dispute; earns back on a won one', () => {
    const t = percent(1000);
    expect(computeEarning(t, sale({ dispute_status: 'lost' }), 1).reason).toBe('dispute_lost');
    expect(computeEarning(t, sale({ status: 'duplicate' }), 1).reason).toBe('duplicate');
    expect(computeEarning(t, sale({ status: 'pending' }), 1).reason).toBe('not_converted');
    expect(computeEarning(t, sale({ dispute_status: 'open' }), 1)).toEqual({ amountCents: 1000, reason: null, disputed: true });
    expect(computeEarning(t, sale({ dispute_status: 'won' }), 1)).toEqual({ amountCents: 1000, reason: null, disputed: false });
  });

  it('limits renewals to the first N months after the initial sale (calendar months, UTC)', () => {
    const t = percent(1000, { recurring: { limit: 'months', count: 1 } });
    // Jan 31 + 1 month = Feb 28 (2026 is no leap year), same time of day.
    expect(addMonthsUtc(new Date('2026-01-31T10:00:00Z'), 1).toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(computeEarning(t, renewal('2026-02-28T09:59:59Z'), 2).amountCents).toBe(1000);
    expect(computeEarning(t, renewal('2026-02-28T10:00:00Z'), 2).reason).toBe('not_eligible');
    expect(computeEarning(t, renewal('2026-02-10T00:00:00Z', { initial_occurred_at: null }), 2).reason).toBe('not_eligible');
  });

  it('limits renewals to the first N payments, the initial sale being payment 1', () => {
    const t = percent(1000, { recurring: { limit: 'payments', count: 3 } });
    expect(computeEarning(t, sale(), 1).amountCents).toBe(1000);
    expect(computeEarning(t, renewal('2026-03-01T00:00:00Z'), 3).amountCents).toBe(1000);
    expect(computeEarning(t, renewal('2026-04-01T00:00:00Z'), 4).reason).toBe('not_eligible');
  });

  it('earns forever by default, and only for what the plan says earns', () => {
    expect(computeEarning(percent(1000), renewal('2036-01-01T00:00:00Z'), 120).amountCents).toBe(1000);
    expect(computeEarning(percent(1000, { earns: { renewals: false } }), renewal('2026-02-01T00:00:00Z'), 2).reason).toBe('not_eligible');
    expect(computeEarning(percent(1000, { earns: { initial: false } }), sale(), 1).reason).toBe('not_eligible');
    const api = (event_type: string) => sale({ source: 'api', event_type });
    expect(computeEarning(percent(1000), api('sale'), 1).amountCents).toBe(1000);
    expect(computeEarning(percent(1000), api('lead'), 1).reason).toBe('not_eligible');
    expect(computeEarning(percent(1000, { earns: { event_types: ['lead'] } }), api('lead'), 1).amountCents).toBe(1000);
  });

  it('earns nothing without a currency', () => {
    expect(computeEarning(percent(1000), sale({ currency: null }), 1).reason).toBe('no_currency');
  });
});
