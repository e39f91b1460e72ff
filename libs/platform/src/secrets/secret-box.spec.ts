import { randomBytes } from 'node:crypto';
import { SecretBox } from './secret-box';

describe('SecretBox', () => {
  const secret = `whsec_${'ab'.repeat(32)}`;
  const box = new SecretBox(randomBytes(32));

  it('seals so the stored value does not contain the secret, and opens it again', () => {
    const stored = box.seal(secret);
    expect(stored).toMatch(/^v1:/);
    expect(stored).not.toContain('abab');
    expect(box.open(stored)).toBe(secret);
    expect(box.seal(secret)).not.toBe(stored); // a fresh IV each time
  });

  it('refuses a tampered value and a value sealed under another key', () => {
    const stored = box.seal(secret);
    const [prefix, iv, tag, sealed] = stored.split(':');
    const flipped = Buffer.from(sealed, 'base64');
    flipped[0] ^= 1;
    expect(() => box.open([prefix, iv, tag, flipped.toString('base64')].join(':'))).toThrow();
    expect(() => new SecretBox(randomBytes(32)).open(stored)).toThrow();
  });

  it('without a key stores as it is, and still reads values stored before a key was set', () => {
    const plain = new SecretBox(null);
    expect(plain.seal(secret)).toBe(secret);
    expect(box.open(secret)).toBe(secret);
    expect(() => plain.open(box.seal(secret))).toThrow(/WEBHOOK_SECRETS_KEY is not set/);
  });
});
