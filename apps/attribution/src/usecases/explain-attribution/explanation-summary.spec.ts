import { BadRequestException } from '@nestjs/common';
import { explanationSummary, ExplanationFacts, stripeIdOf } from './explanation-summary';

const PARTNER = '0f6c2e4a-1b2c-4d5e-8f90-a1b2c3d4e5f6';
const CONVERSION = '7c1e2f3a-0000-4000-8000-000000000001';
const at = new Date('2026-01-01T00:00:00Z');
const facts = (f: Partial<ExplanationFacts>): ExplanationFacts => ({
  stripeId: 'cs_test_1',
  noun: 'Checkout Session',
  mode: 'test',
  conversions: [],
  events: [],
  keptSales: [],
  ...f,
});

describe('explanationSummary', () => {
  it('names the partner and the conversion of an attributed sale', () => {
    const summary = explanationSummary(facts({ conversions: [{ id: CONVERSION, partnerId: PARTNER, status: 'converted' }] }));
    expect(summary).toBe(`This Checkout Session was attributed to partner ${PARTNER} (conversion ${CONVERSION}).`);
  });

  it('tells why a sale without a signal was not attributed, and that it is kept', () => {
    const summary = explanationSummary(
      facts({ events: [{ outcome: 'no_signal', detail: null, stripeCreatedAt: at }], keptSales: [{ object: 'checkout_session' }] }),
    );
    expect(summary).toBe(
      'This Checkout Session was not attributed. No click id or promo code was on this sale: it carried no client_reference_id and no aff_click_id ' +
        'or aff_promo_code metadata, so nothing could attribute it. Attribution keeps it for a while: a Conversion API report of this sale can still credit it.',
    );
  });

  it('goes by the last event when there are several', () => {
    const summary = explanationSummary(
      facts({
        noun: 'invoice',
        events: [
          { outcome: 'no_signal', detail: null, stripeCreatedAt: at },
          { outcome: 'awaiting_sale', detail: null, stripeCreatedAt: at },
        ],
      }),
    );
    expect(summary).toMatch(/^This invoice was not attributed\. This invoice's customer is credited to a partner/);
  });

  it('counts the conversions of a customer', () => {
    const summary = explanationSummary(
      facts({
        noun: 'customer',
        conversions: [
          { id: CONVERSION, partnerId: PARTNER, status: 'converted' },
          { id: CONVERSION, partnerId: PARTNER, status: 'converted' },
          { id: CONVERSION, partnerId: PARTNER, status: 'duplicate' },
        ],
      }),
    );
    expect(summary).toBe(`This customer has 3 conversions: 2 attributed to partner ${PARTNER}, 1 pending, expired or rejected.`);
  });

  it('says nothing was received, and what to check, when nothing is stored', () => {
    expect(explanationSummary(facts({ mode: 'live', stripeId: 'evt_1' }))).toBe(
      "Nothing was received for evt_1 in live mode. If it is a test-mode id, switch to test mode; otherwise check that this workspace's " +
        'Stripe webhook is set up (its endpoint and signing secret) and sends this event type.',
    );
  });
});

describe('stripeIdOf', () => {
  it.each([
    ['evt_1', 'event'],
    ['cs_test_a1', 'checkout_session'],
    ['in_1', 'invoice'],
    ['cus_1', 'customer'],
    ['sub_1', 'subscription'],
    ['pi_1', 'payment'],
  ])('knows %s', (id, kind) => {
    expect(stripeIdOf(id).kind).toBe(kind);
  });

  it.each(['ch_1', 'evt_', 'cs_1;drop', 'order-42', ''])('refuses %p', (id) => {
    expect(() => stripeIdOf(id)).toThrow(BadRequestException);
  });
});
