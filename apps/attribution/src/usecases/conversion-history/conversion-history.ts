import { arrayOfObjects, namedObjectSchema } from '@app/platform';
import { STRIPE_EVENT_OUTCOMES, StripeEventOutcome } from '@app/domain';
import type { ConversionRecord } from '../../conversions/conversion-record';
import { outcomeSentence } from '../explain-attribution/outcome-sentence';

export interface HistoryEvent {
  eventId: string;
  type: string;
  outcome: StripeEventOutcome;
  detail: string | null;
  stripeCreatedAt: Date;
}

export interface HistoryEntry {
  at: string;
  /** A Stripe event type, or conversion_api.conversion / conversion_api.money_back for the Conversion API. */
  type: string;
  /** The Stripe event id, or the Conversion API's external_transaction_id; null where nothing names the change. */
  source_event_id: string | null;
  outcome: StripeEventOutcome;
  detail: string | null;
  explanation: string;
}

/**
 * What made or changed a conversion, oldest first, from what attribution keeps: the Stripe events
 * that name it (the sale, its payment's outcome, money back), the Conversion API report that made
 * it. Money back reported through the Conversion API keeps no record of its own: it shows as one
 * entry at the conversion's last change, with the total refunded so far.
 */
export function conversionHistory(conversion: ConversionRecord, events: HistoryEvent[], updatedAt: Date | null): HistoryEntry[] {
  const entries: HistoryEntry[] = events.map((e) => ({
    at: e.stripeCreatedAt.toISOString(),
    type: e.type,
    source_event_id: e.eventId,
    outcome: e.outcome,
    detail: e.detail,
    explanation: outcomeSentence(e.outcome, e.detail),
  }));
  if (conversion.source === 'api') {
    const detail = 'reported through the Conversion API';
    entries.push({
      at: conversion.createdAt.toISOString(),
      type: 'conversion_api.conversion',
      source_event_id: conversion.externalTransactionId,
      outcome: 'attributed',
      detail,
      explanation: outcomeSentence('attributed', detail),
    });
  }
  const moneyBack = conversion.refundedAmountCents > 0 || conversion.disputeStatus !== null;
  if (moneyBack && !events.some((e) => e.outcome === 'refund_applied')) {
    const detail = `refunded so far: ${conversion.refundedAmountCents} minor units of ${conversion.currency ?? 'no currency'}; dispute: ${conversion.disputeStatus ?? 'none'}`;
    entries.push({
      at: (updatedAt ?? conversion.createdAt).toISOString(),
      type: 'conversion_api.money_back',
      source_event_id: null,
      outcome: 'refund_applied',
      detail,
      explanation: outcomeSentence('refund_applied', detail),
    });
  }
  return entries.sort((a, b) => a.at.localeCompare(b.at));
}

export const conversionHistorySchema = namedObjectSchema('conversion_history', {
  conversion_id: { type: 'string', format: 'uuid' },
  data: arrayOfObjects({
    at: { type: 'string', format: 'date-time' },
    type: { type: 'string', description: 'A Stripe event type, or conversion_api.conversion / conversion_api.money_back' },
    source_event_id: { type: 'string', nullable: true, description: "The Stripe event id, or the Conversion API's external_transaction_id" },
    outcome: { type: 'string', enum: [...STRIPE_EVENT_OUTCOMES] },
    detail: { type: 'string', nullable: true },
    explanation: { type: 'string', description: 'The outcome in plain words' },
  }),
});
