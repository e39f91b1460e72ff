import { signWebhookPayload, verifyWebhookSignature, WebhookSignatureError } from './webhook-signature';

describe('webhook signatures', () => {
  const secret = `whsec_${'ab'.repeat(32)}`;
  const body = '{"id":"evt_1"}';
  const now = 1_800_000_000;

  it('signs HMAC-SHA256 over "<t>.<body>" keyed with the hex-decoded secret', () => {
    // Computed independently: printf '1800000000.{"id":"evt_1"}' | openssl dgst -sha256 -mac HMAC -macopt hexkey:abab…ab (32 bytes)
    const expected = '20961c01960fe5212b0d20e22d0907112209c77acb90caa7cd741bc35a2c11fa';
    expect(signWebhookPayload(secret, body, now)).toBe(`t=${now},v1=${expected}`);
  });

  it('accepts a signature up to 300 s old and 30 s ahead', () => {
    expect(verifyWebhookSignature(secret, body, signWebhookPayload(secret, body, now - 300), now)).toBe(now - 300);
    expect(verifyWebhookSignature(secret, body, signWebhookPayload(secret, body, now + 30), now)).toBe(now + 30);
  });

  it.each([
    ['stale', () => signWebhookPayload(secret, body, now - 301), /too old/],
    ['future', () => signWebhookPayload(secret, body, now + 31), /future/],
    ['tampered body', () => signWebhookPayload(secret, `${body} `, now), /does not match/],
    ['another secret', () => signWebhookPayload(`whsec_${'cd'.repeat(32)}`, body, now), /does not match/],
    ['missing', () => undefined, /missing/],
    ['no timestamp', () => 'v1=abc', /no timestamp/],
    ['no signature', () => `t=${now}`, /no v1 signature/],
  ])('rejects a %s signature', (_what, header, message) => {
    expect(() => verifyWebhookSignature(secret, body, header(), now)).toThrow(WebhookSignatureError);
    expect(() => verifyWebhookSignature(secret, body, header(), now)).toThrow(message);
  });
});
