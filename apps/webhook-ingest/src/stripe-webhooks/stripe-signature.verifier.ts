import { BadRequestException } from '@nestjs/common';
import Stripe from 'stripe';
import { StripeEventEnvelope } from '@app/domain';

/**
 * Verifies `Stripe-Signature` over the exact bytes Stripe sent, with Stripe's own library.
 * Any of the active secrets may match (secrets are rolled by adding the new one first).
 */
export class StripeSignatureVerifier {
  constructor(
    private readonly secrets: string[],
    private readonly toleranceSeconds: number,
  ) {}

  verify(rawBody: Buffer | undefined, header: string | string[] | undefined): StripeEventEnvelope {
    if (!header || Array.isArray(header)) throw new BadRequestException('Missing Stripe-Signature header: this endpoint only accepts events signed by Stripe');
    if (!rawBody || rawBody.length === 0) throw new BadRequestException('Empty body: expected a Stripe event');
    // Stripe's check only rejects old timestamps; one far ahead of our clock is no more trustworthy.
    const timestamp = Number(/(?:^|,)t=(\d+)/.exec(header)?.[1]);
    if (timestamp > Date.now() / 1000 + this.toleranceSeconds) {
      throw new BadRequestException('Invalid Stripe signature: the timestamp is in the future (check the sender\'s clock)');
    }
    const failures: string[] = [];
    for (const secret of this.secrets) {
      try {
        Stripe.webhooks.signature!.verifyHeader(rawBody, header, secret, this.toleranceSeconds);
        return parseEvent(rawBody);
      } catch (err) {
        if (err instanceof BadRequestException) throw err;
        failures.push((err as Error).message);
      }
    }
    // Stripe checks the timestamp only once a signature matched, so that failure is the telling one.
    const telling = failures.find((m) => /tolerance/i.test(m)) ?? failures[0];
    throw new BadRequestException(`Invalid Stripe signature: ${explain(telling)}`);
  }
}

function explain(stripeMessage: string): string {
  if (/tolerance/i.test(stripeMessage)) return 'the timestamp is outside the tolerance window (replayed or delayed event)';
  if (/Unable to extract timestamp/i.test(stripeMessage)) return 'the header is malformed (expected t=...,v1=...)';
  return 'no signature matches this endpoint\'s signing secret (check STRIPE_WEBHOOK_SECRETS)';
}

function parseEvent(rawBody: Buffer): StripeEventEnvelope {
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new BadRequestException('The body is not valid JSON');
  }
  const e = body as Partial<StripeEventEnvelope> | null;
  const missing: string[] = [];
  if (!e || typeof e !== 'object') throw new BadRequestException('The body is not a Stripe event object');
  // The same shape attribution requires, so nothing accepted here can be dead-lettered there.
  if (typeof e.id !== 'string' || !/^[A-Za-z0-9_]{1,255}$/.test(e.id)) missing.push('id');
  if (typeof e.type !== 'string' || !/^[a-z0-9_.]{1,100}$/.test(e.type)) missing.push('type');
  if (typeof e.livemode !== 'boolean') missing.push('livemode');
  if (!Number.isSafeInteger(e.created)) missing.push('created');
  if (!e.data || typeof e.data !== 'object' || !e.data.object || typeof e.data.object !== 'object' || Array.isArray(e.data.object)) missing.push('data.object');
  if (missing.length) throw new BadRequestException(`The body is not a Stripe event: missing or invalid ${missing.join(', ')}`);
  return e as StripeEventEnvelope;
}
