/**
 * Signing and verifying Selgeo's outgoing webhooks. This file depends on nothing but Node's
 * crypto so a receiver can copy it as it is.
 *
 * Header: `X-Selgeo-Signature: t=<unix seconds>,v1=<hex>`, where hex is HMAC-SHA256 over
 * `"<t>.<raw body>"`, keyed with the endpoint secret (`whsec_` + 64 hex characters, hex-decoded
 * to 32 bytes). Several `v1=` entries may appear; one matching is enough.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const WEBHOOK_SIGNATURE_HEADER = 'x-selgeo-signature';
export const WEBHOOK_TOLERANCE_PAST_SECONDS = 300;
export const WEBHOOK_TOLERANCE_FUTURE_SECONDS = 30;

const SECRET = /^whsec_([0-9a-f]{64})$/;

export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('hex')}`;
}

function secretKey(secret: string): Buffer {
  const hex = SECRET.exec(secret)?.[1];
  if (!hex) throw new Error('A webhook secret is whsec_ followed by 64 hex characters');
  return Buffer.from(hex, 'hex');
}

function hmac(secret: string, timestamp: number, body: string | Buffer): string {
  return createHmac('sha256', secretKey(secret)).update(`${timestamp}.`).update(body).digest('hex');
}

/** The header value for a body sent at `timestamp` (unix seconds). */
export function signWebhookPayload(secret: string, body: string | Buffer, timestamp = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${hmac(secret, timestamp, body)}`;
}

export class WebhookSignatureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookSignatureError';
  }
}

/**
 * Throws a WebhookSignatureError unless `header` signs exactly `rawBody` with `secret` at a time
 * within the tolerance (300 s in the past, 30 s in the future). Pass the raw bytes received,
 * never a re-serialised object. Returns the signed timestamp.
 */
export function verifyWebhookSignature(
  secret: string,
  rawBody: string | Buffer,
  header: string | undefined | null,
  nowSeconds = Math.floor(Date.now() / 1000),
): number {
  if (!header) throw new WebhookSignatureError('missing X-Selgeo-Signature header');
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't' && /^\d{1,12}$/.test(value ?? '')) timestamp = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/.test(value ?? '')) signatures.push(value);
  }
  if (timestamp === undefined) throw new WebhookSignatureError('no timestamp (t=) in the signature header');
  if (signatures.length === 0) throw new WebhookSignatureError('no v1 signature in the signature header');
  if (nowSeconds - timestamp > WEBHOOK_TOLERANCE_PAST_SECONDS) throw new WebhookSignatureError('timestamp is too old (over 300 s): possible replay');
  if (timestamp - nowSeconds > WEBHOOK_TOLERANCE_FUTURE_SECONDS) throw new WebhookSignatureError('timestamp is in the future (over 30 s)');
  const expected = Buffer.from(hmac(secret, timestamp, rawBody), 'hex');
  const ok = signatures.some((s) => timingSafeEqual(Buffer.from(s, 'hex'), expected));
  if (!ok) throw new WebhookSignatureError('signature does not match the body and secret');
  return timestamp;
}
