import { DisputeStatus } from '@app/domain';
import { checkoutLinks, invoiceLinks, mergeMoneyBack, MoneyBackChange, MoneyBackState } from './money-back';

const none: MoneyBackState = { refundedAmountCents: 0, disputeStatus: null };
const refund = (cents: number): MoneyBackChange => ({ refundedAmountCents: cents, disputeStatus: null });
const dispute = (status: DisputeStatus): MoneyBackChange => ({ refundedAmountCents: null, disputeStatus: status });
const applyAll = (changes: MoneyBackChange[], amount = 4900) => changes.reduce<MoneyBackState>((s, c) => mergeMoneyBack(s, c, amount), none);

function permutations<T>(list: T[]): T[][] {
  if (list.length <= 1) return [list];
  return list.flatMap((x, i) => permutations([...list.slice(0, i), ...list.slice(i + 1)]).map((rest) => [x, ...rest]));
}

describe('the merge rule of money coming back', () => {
  it('the refunded total is the largest cumulative total seen: a redelivered older refund never lowers it', () => {
    expect(applyAll([refund(1000), refund(2500)])).toEqual({ refundedAmountCents: 2500, disputeStatus: null });
    expect(applyAll([refund(2500), refund(1000)])).toEqual({ refundedAmountCents: 2500, disputeStatus: null });
    expect(applyAll([refund(1000), refund(2500), refund(1000), refund(2500)]).refundedAmountCents).toBe(2500);
  });

  it('is capped at the sale amount', () => {
    expect(applyAll([refund(99_999)], 4900).refundedAmountCents).toBe(4900);
  });

  it('a dispute only moves forward: open, then won or lost; a late created/updated never reopens it', () => {
    expect(applyAll([dispute('open'), dispute('won')]).disputeStatus).toBe('won');
    expect(applyAll([dispute('won'), dispute('open')]).disputeStatus).toBe('won');
    expect(applyAll([dispute('lost'), dispute('open'), dispute('open')]).disputeStatus).toBe('lost');
  });

  it('gives one result in every order and with every redelivery', () => {
    const events = [refund(1000), refund(2500), dispute('open'), dispute('lost'), refund(1000)];
    const results = permutations(events).map((order) => applyAll(order));
    for (const r of results) expect(r).toEqual({ refundedAmountCents: 2500, disputeStatus: 'lost' });
  });

  it('an event that says nothing of refunds or disputes (a link) changes nothing', () => {
    const state = { refundedAmountCents: 700, disputeStatus: 'open' as const };
    expect(mergeMoneyBack(state, { refundedAmountCents: null, disputeStatus: null }, 4900)).toEqual(state);
  });
});

describe('the links a sale states', () => {
  it('a Checkout Session: its PaymentIntent and its invoice lead to it', () => {
    expect(checkoutLinks({ id: 'cs_1', paymentIntentId: 'pi_1', invoiceId: 'in_1' })).toEqual([
      { paymentId: 'pi_1', saleId: 'cs_1' },
      { paymentId: 'in_1', saleId: 'cs_1' },
      { paymentId: 'pi_1', saleId: 'in_1' },
    ]);
    expect(checkoutLinks({ id: 'cs_2', paymentIntentId: null, invoiceId: null })).toEqual([]);
  });

  it('a pre-basil Invoice: its PaymentIntent and Charge', () => {
    expect(invoiceLinks({ id: 'in_1', paymentIntentId: 'pi_1', chargeId: 'ch_1' })).toEqual([
      { paymentId: 'pi_1', saleId: 'in_1' },
      { paymentId: 'ch_1', saleId: 'in_1' },
    ]);
  });
});
