import { ConcurrentIndex, ConcurrentIndexesMigration } from '@app/persistence';

/**
 * The dashboard lists the Stripe events attribution processed, newest first, and finds the events
 * that made or changed a conversion (its history, and "why was this sale not attributed?"). The
 * listing orders by `stripe_created_at`, which is never updated (see RetentionPurgeIndexes1764180900000).
 * The conversion index is partial: settling an event with no conversion leaves it untouched, so
 * those updates stay HOT; only an event that names its conversion updates an index it did not before.
 * Built CONCURRENTLY, without a transaction (see buildIndexesConcurrently).
 */
export class StripeEventReads1764600400000 extends ConcurrentIndexesMigration {
  name = 'StripeEventReads1764600400000';
  protected readonly indexes: ConcurrentIndex[] = [
    ['stripe_events_listing', 'attribution.stripe_events (workspace_id, mode, stripe_created_at DESC, event_id DESC)'],
    ['stripe_events_by_conversion', 'attribution.stripe_events (conversion_id) WHERE conversion_id IS NOT NULL'],
  ];
}
