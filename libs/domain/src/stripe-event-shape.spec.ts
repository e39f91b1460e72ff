import { stripeEventShapeProblems } from './stripe-event-shape';

const envelope = (type: string, object: Record<string, unknown>) => ({ id: 'evt_1', type, livemode: false, created: 1_764_000_000, data: { object } });

describe('the shape of money coming back, as the gateway and attribution check it', () => {
  it('accepts a refunded Charge, a Dispute and an InvoicePayment', () => {
    expect(
      stripeEventShapeProblems(envelope('charge.refunded', { id: 'ch_1', amount: 4900, amount_refunded: 1500, payment_intent: 'pi_1', invoice: null })),
    ).toEqual([]);
    expect(stripeEventShapeProblems(envelope('charge.dispute.closed', { id: 'dp_1', charge: { id: 'ch_1' }, payment_intent: null, status: 'won' }))).toEqual(
      [],
    );
    expect(
      stripeEventShapeProblems(
        envelope('invoice_payment.paid', { id: 'inpay_1', invoice: 'in_1', payment: { type: 'payment_intent', payment_intent: 'pi_1' } }),
      ),
    ).toEqual([]);
  });

  it('refuses what attribution could not store or read, naming the field', () => {
    expect(stripeEventShapeProblems(envelope('charge.refunded', { id: 'ch_1', amount_refunded: -1 }))).toEqual([
      'data.object.amount_refunded (a whole number of cents, not negative)',
    ]);
    expect(stripeEventShapeProblems(envelope('charge.dispute.created', { id: 'dp_1', charge: 'not an id!' }))).toEqual(['data.object.charge']);
    expect(stripeEventShapeProblems(envelope('invoice_payment.paid', { id: 'inpay_1', payment: { payment_intent: 'pi 1' } }))).toEqual([
      'data.object.payment.payment_intent',
    ]);
  });

  it('refuses an event whose object is of another kind than its type carries', () => {
    expect(stripeEventShapeProblems(envelope('charge.refunded', { id: 'cs_1', object: 'checkout.session', amount_total: 4900 }))).toEqual([
      'data.object.object (a charge.refunded event carries a charge)',
    ]);
    expect(stripeEventShapeProblems(envelope('invoice.paid', { id: 'in_1', object: 'invoice' }))).toEqual([]);
    expect(stripeEventShapeProblems(envelope('charge.dispute.closed', { id: 'ch_1', object: 'charge' }))).toEqual([
      'data.object.object (a charge.dispute.closed event carries a dispute)',
    ]);
  });
});
