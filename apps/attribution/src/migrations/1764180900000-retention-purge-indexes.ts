import { ConcurrentIndex, ConcurrentIndexesMigration } from '@app/persistence';

/**
 * The retention purge (retention/retention-purge.ts) finds rows past their retention by age: one
 * index per table it purges, on the column the age is counted from. The tables can be large when
 * this runs, so each index is built CONCURRENTLY, which writes go on during and which cannot run
 * inside a transaction: the migration runs without one (TypeORM honours `transaction = false` in
 * the runner's `each` mode). A build interrupted half-way leaves an invalid index behind and the
 * migration unrecorded, so each build first drops whatever an earlier try left.
 *
 * stripe_events is aged by `stripe_created_at`, which is never updated: an index on `processed_at`,
 * which settling an event sets, would turn every settle into an update of every index.
 */
export class RetentionPurgeIndexes1764180900000 extends ConcurrentIndexesMigration {
  name = 'RetentionPurgeIndexes1764180900000';
  protected readonly indexes: ConcurrentIndex[] = [
    ['stripe_events_by_stripe_created_at', 'attribution.stripe_events (stripe_created_at)'],
    ['unattributed_invoices_by_occurred_at', 'attribution.unattributed_invoices (occurred_at)'],
    ['webhook_deliveries_finished', 'attribution.webhook_deliveries (completed_at) WHERE completed_at IS NOT NULL'],
  ];
}
