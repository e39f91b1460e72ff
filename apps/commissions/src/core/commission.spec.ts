import {
  applyEarning,
  ChainMember,
  CommissionRecord,
  ConversionCopy,
  derivedStatus,
  isNewerState,
  isSelfReferral,
  paymentNumbers,
  settleChain,
} from './commission';
import { CommissionTerms, planTermsSchema } from './terms';
import { draftPayout } from './payout';
import { sale } from '../testing/sale';

const terms: CommissionTerms = {
  ...planTermsSchema.parse({ rate: { type: 'percentage', rate_bps: 1000 }, recurring: { limit: 'payments', count: 2 } }),
  plan_id: 'plan',
  scope: 'workspace',
};
const now = new Date('2026-03-01T00:00:00Z');
let ids = 0;
const ctx = { now, newId: () => `c${++ids}`, partnerEmail: () => 'partner@example.com' };

/** A sale as the service keeps it: the medium specs' sale, in workspace ws_a, by partner p1, on 1 January. */
const conversion = (id: string, over: Partial<ConversionCopy> = {}): ConversionCopy => ({
  ...sale('p1', { id, occurred_at: '2026-01-01T00:00:00Z', created_at: '2026-01-01T00:00:00Z' }),
  workspace_id: 'ws_a',
  ...over,
});

const renewal = (id: string, occurred_at: string, over: Partial<ConversionCopy> = {}) =>
  conversion(id, { kind: 'renewal', initial_conversion_id: 'i', initial_occurred_at: '2026-01-01T00:00:00Z', occurred_at, ...over });

function settle(members: ChainMember[]) {
  return settleChain(members, ctx);
}

describe('a commission as a function of its conversion', () => {
  it('is made pending, from the terms in force, with the hold counted from the conversion', () => {
    const [made] = settle([{ conversion: conversion('i'), commission: null, terms }]);
    expect(made.created).toBe(true);
    expect(made.record).toMatchObject({ status: 'pending', amountCents: 1000, currency: 'usd', holdEndsAt: new Date('2026-01-31T00:00:00Z') });
  });

  it('is not made for a conversion that never earned, nor without a plan', () => {
    expect(settle([{ conversion: conversion('i', { refunded_amount_cents: 10_000 }), commission: null, terms }])).toEqual([]);
    expect(settle([{ conversion: conversion('i'), commission: null, terms: null }])).toEqual([]);
  });

  it('holds a self-referral for review (emails trimmed and lower-cased)', () => {
    const [made] = settle([{ conversion: conversion('i', { customer_email: ' Partner@Example.COM' }), commission: null, terms }]);
    expect(made.record).toMatchObject({ status: 'in_review', reviewReason: 'self_referral' });
    expect(isSelfReferral(null, null)).toBe(false);
  });

  it('numbers payments by when renewals occurred, skipping duplicates, and moves later renewals when an earlier one arrives', () => {
    const chain = [conversion('i'), renewal('r3', '2026-03-01T00:00:00Z'), renewal('rd', '2026-01-15T00:00:00Z', { status: 'duplicate' })];
    expect(Object.fromEntries(paymentNumbers(chain))).toEqual({ r3: 2, i: 1, rd: Number.MAX_SAFE_INTEGER });
    const [r3] = settle([{ conversion: chain[1], commission: null, terms }]);
    expect(r3.record.status).toBe('pending');
    // The February renewal arrives: it is payment 2, and March's becomes payment 3, past the limit.
    const feb = renewal('r2', '2026-02-01T00:00:00Z');
    const changes = settle([
      { conversion: chain[0], commission: null, terms },
      { conversion: feb, commission: null, terms },
      { conversion: chain[1], commission: r3.record, terms: null },
    ]);
    expect(changes.map((c) => [c.record.conversionId, c.record.status, c.record.reason])).toEqual([
      ['i', 'pending', null],
      ['r2', 'pending', null],
      ['r3', 'reversed', 'not_eligible'],
    ]);
  });
});

describe('a commission after it was made', () => {
  const made = (): CommissionRecord => settle([{ conversion: conversion('i'), commission: null, terms }])[0].record;

  it('follows refunds and disputes while not in a payout, and returns to where it was when a dispute is won', () => {
    const approved = { ...made(), approvedAt: now, status: 'approved' as const };
    const held = applyEarning(approved, { amountCents: 1000, reason: null, disputed: true }, now).record;
    expect(held.status).toBe('on_hold');
    expect(applyEarning(held, { amountCents: 1000, reason: null, disputed: false }, now).record.status).toBe('approved');
    const partial = applyEarning(approved, { amountCents: 400, reason: null, disputed: false }, now);
    expect(partial).toEqual({ record: expect.objectContaining({ amountCents: 400, status: 'approved' }), adjustmentCents: 0 });
  });

  it('never changes once paid: the difference becomes an adjustment, and only the difference not yet adjusted', () => {
    const paid = { ...made(), status: 'paid' as const, payoutId: 'po', paidAt: now, approvedAt: now };
    const refunded = applyEarning(paid, { amountCents: 400, reason: null, disputed: false }, now);
    expect(refunded.adjustmentCents).toBe(-600);
    expect(refunded.record).toMatchObject({ status: 'paid', amountCents: 1000, adjustmentsCents: -600 });
    const lost = applyEarning(refunded.record, { amountCents: 0, reason: 'dispute_lost', disputed: false }, now);
    expect([lost.adjustmentCents, lost.record.adjustmentsCents, lost.record.status]).toEqual([-400, -1000, 'paid']);
    expect(applyEarning(lost.record, { amountCents: 0, reason: 'dispute_lost', disputed: false }, now).adjustmentCents).toBe(0);
  });

  it('stays voided', () => {
    const voided = { ...made(), status: 'voided' as const, voidedAt: now, voidReason: 'x' };
    expect(applyEarning(voided, { amountCents: 500, reason: null, disputed: true }, now).record.status).toBe('voided');
  });

  it('derives its status: reversal, then dispute, then review, then approval', () => {
    const base = { reason: null, disputed: false, reviewReason: null, reviewedAt: null, approvedAt: null };
    expect(derivedStatus(base)).toBe('pending');
    expect(derivedStatus({ ...base, approvedAt: now })).toBe('approved');
    expect(derivedStatus({ ...base, approvedAt: now, reviewReason: 'high_refund_rate' })).toBe('in_review');
    expect(derivedStatus({ ...base, reviewReason: 'high_refund_rate', reviewedAt: now, approvedAt: now })).toBe('approved');
    expect(derivedStatus({ ...base, disputed: true, approvedAt: now })).toBe('on_hold');
    expect(derivedStatus({ ...base, reason: 'refunded', disputed: true })).toBe('reversed');
  });
});

describe('which conversion state is the latest', () => {
  const s = (at: string, refunded = 0, dispute: string | null = null, status = 'converted') => ({ eventCreatedAt: at, refunded, dispute, status });
  it('is the state further along, and between equal states the later event; a redelivery is not newer', () => {
    // A refund published by a replica whose clock is behind is still the newer state, and an older state never wins back.
    expect(isNewerState(s('2026-01-01T00:00:00Z', 500), s('2026-01-02T00:00:00Z'))).toBe(true);
    expect(isNewerState(s('2026-01-02T00:00:00Z'), s('2026-01-01T00:00:00Z', 500))).toBe(false);
    expect(isNewerState(s('2026-01-01T00:00:00Z', 500), s('2026-01-01T00:00:00Z', 100))).toBe(true);
    expect(isNewerState(s('2026-01-01T00:00:00Z', 100, null, 'duplicate'), s('2026-01-03T00:00:00Z', 100))).toBe(true);
    expect(isNewerState(s('2026-01-02T00:00:00Z'), s('2026-01-01T00:00:00Z'))).toBe(true);
    expect(isNewerState(s('2026-01-01T00:00:00Z', 0, 'lost'), s('2026-01-01T00:00:00Z', 0, 'open'))).toBe(true);
    expect(isNewerState(s('2026-01-01T00:00:00Z'), s('2026-01-01T00:00:00Z'))).toBe(false);
    expect(isNewerState(s('2026-01-01T00:00:00Z'), null)).toBe(true);
  });
});

describe('a payout draft', () => {
  it('nets adjustments, equals the sum of its lines, and waits under the minimum', () => {
    const draft = draftPayout([{ id: 'a', amountCents: 2000 }], [{ id: 'x', amountCents: -500 }], 1);
    expect(draft).toEqual({
      amountCents: 1500,
      lines: [
        { commissionId: 'a', adjustmentId: null, amountCents: 2000 },
        { commissionId: null, adjustmentId: 'x', amountCents: -500 },
      ],
    });
    expect(draftPayout([{ id: 'a', amountCents: 2000 }], [], 2001)).toBeNull();
    expect(draftPayout([], [{ id: 'x', amountCents: -500 }], 1)).toBeNull();
    expect(draftPayout([], [], 1)).toBeNull();
  });
});
