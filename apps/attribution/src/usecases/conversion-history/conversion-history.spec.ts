import { conversionRecord } from '../../testing/records';
import { conversionHistory, HistoryEvent } from './conversion-history';

const event = (eventId: string, at: string, outcome: HistoryEvent['outcome'], type = 'checkout.session.completed'): HistoryEvent => ({
  eventId,
  type,
  outcome,
  detail: null,
  stripeCreatedAt: new Date(at),
});

describe('conversionHistory', () => {
  it('lists the Stripe events that made and changed a conversion, oldest first', () => {
    const conversion = conversionRecord({ source: 'stripe', refundedAmountCents: 1000, currency: 'usd' });
    const history = conversionHistory(
      conversion,
      [event('evt_2', '2026-01-03T00:00:00Z', 'refund_applied', 'charge.refunded'), event('evt_1', '2026-01-01T00:00:00Z', 'attributed')],
      new Date('2026-01-03T00:00:01Z'),
    );
    expect(history.map((h) => [h.at, h.type, h.source_event_id, h.outcome])).toEqual([
      ['2026-01-01T00:00:00.000Z', 'checkout.session.completed', 'evt_1', 'attributed'],
      ['2026-01-03T00:00:00.000Z', 'charge.refunded', 'evt_2', 'refund_applied'],
    ]);
    expect(history[1].explanation).toBe('Money went back (a refund or a dispute): it was applied to the conversion of its sale.');
  });

  it('shows a Conversion API report, and money back it reported at the last change', () => {
    const conversion = conversionRecord({
      source: 'api',
      externalTransactionId: 'order_42',
      refundedAmountCents: 500,
      currency: 'eur',
      createdAt: new Date('2026-01-01T00:00:00Z'),
    });
    const history = conversionHistory(conversion, [], new Date('2026-01-05T00:00:00Z'));
    expect(history).toEqual([
      expect.objectContaining({ at: '2026-01-01T00:00:00.000Z', type: 'conversion_api.conversion', source_event_id: 'order_42', outcome: 'attributed' }),
      expect.objectContaining({
        at: '2026-01-05T00:00:00.000Z',
        type: 'conversion_api.money_back',
        source_event_id: null,
        detail: 'refunded so far: 500 minor units of eur; dispute: none',
      }),
    ]);
  });
});
