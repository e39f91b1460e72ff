import { STRIPE_EVENT_OUTCOMES } from '@app/domain';
import { outcomeSentence } from './outcome-sentence';

describe('outcomeSentence', () => {
  it.each(STRIPE_EVENT_OUTCOMES.map((o) => [o]))('says in plain words what %s means', (outcome) => {
    const sentence = outcomeSentence(outcome);
    expect(sentence).toMatch(/^[A-Z].{20,}\.$/);
    // Words, not the stored code: a code like not_a_sale means nothing to a merchant.
    if (outcome.includes('_')) expect(sentence).not.toContain(outcome);
  });

  it('gives each outcome its own sentence', () => {
    expect(new Set(STRIPE_EVENT_OUTCOMES.map((o) => outcomeSentence(o))).size).toBe(STRIPE_EVENT_OUTCOMES.length);
  });

  it('tells the sale without a signal what was missing', () => {
    expect(outcomeSentence('no_signal')).toBe(
      'No click id or promo code was on this sale: it carried no client_reference_id and no aff_click_id or aff_promo_code metadata, so nothing could attribute it.',
    );
  });

  it('adds what attribution noted about the event', () => {
    expect(outcomeSentence('expired', 'click 7c1e expired at 2026-01-01T00:00:00.000Z')).toBe(
      'The click on this sale was older than the attribution window, so the conversion was recorded as expired and no partner was credited. ' +
        '(click 7c1e expired at 2026-01-01T00:00:00.000Z)',
    );
  });
});
