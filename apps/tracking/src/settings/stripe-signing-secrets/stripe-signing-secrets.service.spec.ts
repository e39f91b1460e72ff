import { stripeSecretHint } from './stripe-signing-secrets.service';

describe('stripeSecretHint', () => {
  it('shows the prefix and the last four characters, nothing to sign with', () => {
    expect(stripeSecretHint('whsec_abcdefghijklmnopqrstuvwxyz0123')).toBe('whsec_...0123');
  });
});
