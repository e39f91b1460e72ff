import { ConcurrentIndex, ConcurrentIndexesMigration } from '@app/persistence';

/**
 * The dashboard lists a merchant's conversions by partner and by Stripe customer, and sums a
 * partner's: at 100,000 conversions the listing index alone would filter every conversion of the
 * workspace to find a small partner's. The partner index keeps the listing's order, so a page reads
 * only its rows; the customer index leads with the Stripe id, for the reason told in
 * SelectiveSaleIndexes1764180300000. Status, kind and source get no index of their own: they have
 * few values, and an index with status in it is what the planner took, on a never analysed table,
 * for the group commit's update of pending conversions by id (group-store.medium-spec.ts); a
 * filtered page rides the listing index, reading past the rows of other values. Built CONCURRENTLY,
 * without a transaction (see buildIndexesConcurrently).
 */
export class ConversionListIndexes1764600300000 extends ConcurrentIndexesMigration {
  name = 'ConversionListIndexes1764600300000';
  protected readonly indexes: ConcurrentIndex[] = [
    ['conversions_by_partner', 'attribution.conversions (workspace_id, mode, partner_id, created_at DESC, id DESC)'],
    ['conversions_by_customer', 'attribution.conversions (stripe_customer_id, workspace_id, mode) WHERE stripe_customer_id IS NOT NULL'],
  ];
}
