import { MigrationInterface, QueryRunner } from 'typeorm';
import { buildIndexesConcurrently, ConcurrentIndex, dropIndexesConcurrently } from '@app/persistence';

/**
 * Renewals follow the sale of their own subscription. An invoice of a bound customer that its
 * binding's sale does not explain (a one-off invoice, or another subscription's) waits, from when it
 * arrived, for the sale that may own it (its Checkout Session, its subscription's sale) before the
 * binding takes it; so kept invoices record when they arrived, bindings the subscription of their
 * sale, and the sale of a subscription is found by its id. Columns with a constant default and
 * indexes built CONCURRENTLY: the tables can be large, and a replica's start-up must not stop the
 * others' writes. A build interrupted half-way leaves an invalid index and the migration unrecorded,
 * so each build first drops whatever an earlier try left.
 */
export class InvoicesAwaitingTheirSale1764180710000 implements MigrationInterface {
  name = 'InvoicesAwaitingTheirSale1764180710000';
  transaction = false;

  private readonly indexes: ConcurrentIndex[] = [
    ['unattributed_invoices_by_arrival', 'attribution.unattributed_invoices (received_at) WHERE stripe_customer_id IS NOT NULL'],
    [
      'conversions_sale_of_subscription',
      "attribution.conversions (stripe_subscription_id, workspace_id, mode) WHERE stripe_subscription_id IS NOT NULL AND kind = 'initial'",
    ],
  ];

  async up(q: QueryRunner): Promise<void> {
    // now() is stable: PostgreSQL stores it once as the default of existing rows, with no rewrite.
    await q.query(`ALTER TABLE attribution.unattributed_invoices ADD COLUMN IF NOT EXISTS received_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`ALTER TABLE attribution.customer_bindings ADD COLUMN IF NOT EXISTS stripe_subscription_id text`);
    await buildIndexesConcurrently(q, this.indexes);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropIndexesConcurrently(q, this.indexes);
    await q.query(`ALTER TABLE attribution.customer_bindings DROP COLUMN IF EXISTS stripe_subscription_id`);
    await q.query(`ALTER TABLE attribution.unattributed_invoices DROP COLUMN IF EXISTS received_at`);
  }
}
