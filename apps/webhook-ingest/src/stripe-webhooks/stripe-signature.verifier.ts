import { BadRequestException } from '@nestjs/common';
import Stripe from 'stripe';
import { Mode, modeFromLivemode, StripeEventEnvelope, stripeEventShapeProblems, unstorableTextReason } from '@app/domain';

/** A signing secret, and the only mode whose events it may vouch for (any, when unset). */
export interface VerifyingSecret {
  secret: string;
  mode?: Mode;
}

/**
 * Verifies `Stripe-Signature` over the exact bytes Stripe sent, with Stripe's own library.
 * Any of the active secrets may match (secrets are rolled by adding the new one first).
 */
export class StripeSignatureVerifier {
  constructor(
    private readonly secrets: VerifyingSecret[],
    private readonly toleranceSeconds: number,
    /** Where an operator fixes a secret that matches nothing. */
    private readonly secretsSource = 'STRIPE_WEBHOOK_SECRETS',
  ) {}

  verify(rawBody: Buffer | undefined, header: string | string[] | undefined): StripeEventEnvelope {
    if (!header || Array.isArray(header)) throw new BadRequestException('Missing Stripe-Signature header: this endpoint only accepts events signed by Stripe');
    if (!rawBody || rawBody.length === 0) throw new BadRequestException('Empty body: expected a Stripe event');
    // Stripe's verifier reads the last t=, a check of the first would pass a far-future one: one timestamp only.
    const timestamps = header.split(',').filter((part) => part.trim().startsWith('t='));
    if (timestamps.length > 1) throw new BadRequestException('Invalid Stripe signature: the header must carry exactly one timestamp (t=...)');
    // Stripe's check only rejects old timestamps; one far ahead of our clock is no more trustworthy.
    const timestamp = Number(/^t=(\d+)$/.exec(timestamps[0]?.trim() ?? '')?.[1]);
    if (timestamp > Date.now() / 1000 + this.toleranceSeconds) {
      throw new BadRequestException("Invalid Stripe signature: the timestamp is in the future (check the sender's clock)");
    }
    const failures: string[] = [];
    let otherMode: Mode | null = null;
    for (const { secret, mode } of this.secrets) {
      let event: StripeEventEnvelope;
      try {
        Stripe.webhooks.signature!.verifyHeader(rawBody, header, secret, this.toleranceSeconds);
        event = parseEvent(rawBody);
      } catch (err) {
        if (err instanceof BadRequestException) throw err;
        failures.push((err as Error).message);
        continue;
      }
      // A secret set with a test key must not let anyone forge live events (and the reverse).
      if (!mode || mode === modeFromLivemode(event.livemode)) return event;
      otherMode = mode;
    }
    if (otherMode) {
      throw new BadRequestException(`Invalid Stripe signature: it matches a ${otherMode}-mode signing secret, and this event's livemode says otherwise`);
    }
    if (this.secrets.length === 0) throw new BadRequestException('Invalid Stripe signature: no Stripe signing secret is set for this workspace yet');
    // Stripe checks the timestamp only once a signature matched, so that failure is the telling one.
    const telling = failures.find((m) => /tolerance/i.test(m)) ?? failures[0];
    throw new BadRequestException(`Invalid Stripe signature: ${explain(telling, this.secretsSource)}`);
  }
}

function explain(stripeMessage: string, secretsSource: string): string {
  if (/tolerance/i.test(stripeMessage)) return 'the timestamp is outside the tolerance window (replayed or delayed event)';
  if (/Unable to extract timestamp/i.test(stripeMessage)) return 'the header is malformed (expected t=...,v1=...)';
  return `no signature matches this endpoint's signing secret (check ${secretsSource})`;
}

function parseEvent(rawBody: Buffer): StripeEventEnvelope {
  let body: unknown;
  // Assigned inside the reviver, which the compiler cannot follow: typed by assertion, not narrowed to null.
  let unstorable = null as string | null;
  try {
    // PostgreSQL's jsonb holds no NUL and no unpaired surrogate, anywhere in the event.
    body = JSON.parse(rawBody.toString('utf8'), (key, value: unknown) => {
      unstorable ??= unstorableTextReason(key) ?? (typeof value === 'string' ? unstorableTextReason(value) : null);
      return value;
    });
  } catch {
    throw new BadRequestException('The body is not valid JSON');
  }
  if (unstorable) throw new BadRequestException(`The body is not a Stripe event: its text ${unstorable}`);
  // The same definition attribution applies, so nothing accepted here can be dead-lettered there for its shape.
  const problems = stripeEventShapeProblems(body);
  if (problems.length) throw new BadRequestException(`The body is not a Stripe event: missing or invalid ${problems.join(', ')}`);
  return body as StripeEventEnvelope;
}
