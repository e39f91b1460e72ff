import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import { StripeSignatureVerifier } from './stripe-signature.verifier';

const secret = () => `whsec_${randomBytes(24).toString('base64url')}`;
const event = (livemode: boolean) => ({
  id: 'evt_1',
  object: 'event',
  type: 'checkout.session.completed',
  livemode,
  created: 1_700_000_000,
  data: { object: { id: 'cs_1' } },
});
const signed = (body: unknown, key: string) => {
  const raw = JSON.stringify(body);
  return { raw: Buffer.from(raw), header: Stripe.webhooks.generateTestHeaderString({ payload: raw, secret: key }) };
};

describe('StripeSignatureVerifier', () => {
  const test = secret();
  const live = secret();
  const verifier = new StripeSignatureVerifier(
    [
      { secret: test, mode: 'test' },
      { secret: live, mode: 'live' },
    ],
    300,
    "the workspace's signing secrets",
  );

  it("accepts an event signed with a secret of the event's mode", () => {
    const { raw, header } = signed(event(true), live);
    expect(verifier.verify(raw, header).livemode).toBe(true);
  });

  it('refuses an event whose livemode is not the mode of the secret that signed it', () => {
    const { raw, header } = signed(event(true), test);
    expect(() => verifier.verify(raw, header)).toThrow(/matches a test-mode signing secret/);
  });

  it('names where the secrets are set when none matches', () => {
    const { raw, header } = signed(event(false), secret());
    expect(() => verifier.verify(raw, header)).toThrow(/check the workspace's signing secrets/);
  });

  it('says so when the workspace has no secret', () => {
    const { raw, header } = signed(event(false), test);
    expect(() => new StripeSignatureVerifier([], 300).verify(raw, header)).toThrow(/no Stripe signing secret is set/);
  });

  it('a secret without a mode (the configured ones) vouches for both', () => {
    const { raw, header } = signed(event(true), test);
    expect(new StripeSignatureVerifier([{ secret: test }], 300).verify(raw, header).livemode).toBe(true);
  });
});
