import { BadRequestException } from '@nestjs/common';
import { ConversionStatus, Mode, StripeEventOutcome } from '@app/domain';
import { outcomeSentence } from './outcome-sentence';

export type StripeIdKind = 'event' | 'checkout_session' | 'invoice' | 'customer' | 'subscription' | 'payment';

/** The Stripe ids a merchant may ask about, by prefix, and what each names in a sentence. */
const STRIPE_IDS: Array<{ prefix: string; kind: StripeIdKind; noun: string }> = [
  { prefix: 'evt_', kind: 'event', noun: 'Stripe event' },
  { prefix: 'cs_', kind: 'checkout_session', noun: 'Checkout Session' },
  { prefix: 'in_', kind: 'invoice', noun: 'invoice' },
  { prefix: 'cus_', kind: 'customer', noun: 'customer' },
  { prefix: 'sub_', kind: 'subscription', noun: 'subscription' },
  { prefix: 'pi_', kind: 'payment', noun: 'payment' },
];

const STRIPE_ID = /^[A-Za-z0-9_]{4,255}$/;

export function stripeIdOf(id: string): { kind: StripeIdKind; noun: string } {
  const known = STRIPE_IDS.find((s) => id.startsWith(s.prefix) && id.length > s.prefix.length);
  if (!known || !STRIPE_ID.test(id)) {
    throw new BadRequestException(
      'stripe_id must be the id of a Stripe event (evt_...), Checkout Session (cs_...), invoice (in_...), customer (cus_...), subscription (sub_...) or PaymentIntent (pi_...)',
    );
  }
  return { kind: known.kind, noun: known.noun };
}

export interface ExplainedConversion {
  id: string;
  partnerId: string;
  status: ConversionStatus;
}

export interface ExplainedEvent {
  outcome: StripeEventOutcome;
  detail: string | null;
  stripeCreatedAt: Date;
}

export interface ExplanationFacts {
  stripeId: string;
  noun: string;
  mode: Mode;
  conversions: ExplainedConversion[];
  /** Oldest first. */
  events: ExplainedEvent[];
  /** Sales attribution keeps unattributed, waiting for a report or a sale that may still credit them. */
  keptSales: Array<{ object: 'checkout_session' | 'invoice' }>;
}

const credit = (c: ExplainedConversion) => `partner ${c.partnerId} (conversion ${c.id})`;

const BY_STATUS: Record<ConversionStatus, (c: ExplainedConversion) => string> = {
  converted: (c) => `was attributed to ${credit(c)}.`,
  pending: (c) => `was recorded for ${credit(c)}, which stays pending until Stripe reports the payment.`,
  expired: (c) => `was recorded for ${credit(c)} as expired: the click was older than the attribution window, so the partner is not credited.`,
  duplicate: (c) => `was recorded for ${credit(c)}, then rejected: its payment failed, or the sale was counted another way.`,
};

/**
 * The one or two sentences that answer "why was (or wasn't) this sale attributed?", from what
 * attribution stored: the conversions made, else the last event's outcome, and whether the sale is
 * still kept for something that may credit it.
 */
export function explanationSummary(facts: ExplanationFacts): string {
  const { stripeId, noun, mode, conversions, events, keptSales } = facts;
  if (conversions.length === 0 && events.length === 0 && keptSales.length === 0) {
    const other = mode === 'test' ? 'live' : 'test';
    return (
      `Nothing was received for ${stripeId} in ${mode} mode. If it is a ${other}-mode id, switch to ${other} mode; otherwise check that this ` +
      "workspace's Stripe webhook is set up (its endpoint and signing secret) and sends this event type."
    );
  }
  if (conversions.length === 1) return `This ${noun} ${BY_STATUS[conversions[0].status](conversions[0])}`;
  if (conversions.length > 1) {
    const credited = conversions.filter((c) => c.status === 'converted');
    const partners = [...new Set(credited.map((c) => c.partnerId))];
    const others = conversions.length - credited.length;
    const attributed = credited.length > 0 ? `${credited.length} attributed to partner ${partners.join(', partner ')}` : 'none attributed';
    return `This ${noun} has ${conversions.length} conversions: ${attributed}${others > 0 ? `, ${others} pending, expired or rejected` : ''}.`;
  }
  const kept =
    keptSales.length === 0
      ? ''
      : keptSales.some((s) => s.object === 'invoice')
        ? ' Attribution keeps it for a while: a Conversion API report of this sale, or a later attributed sale of its customer, can still credit it.'
        : ' Attribution keeps it for a while: a Conversion API report of this sale can still credit it.';
  const last = events[events.length - 1];
  return last ? `This ${noun} was not attributed. ${outcomeSentence(last.outcome, last.detail)}${kept}` : `This ${noun} was not attributed.${kept}`;
}
