import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One-off invoices (no subscription) of bound customers wait for the Checkout Session that may own
 * them before they count as renewals; the sweep that counts them once the wait is over finds them by
 * this index. Created concurrently: the table can be large, and a replica's start-up migration must
 * not stop the others' writes.
 */
export class OneOffInvoicesAwaitingCheckout1764180710000 implements MigrationInterface {
  name = 'OneOffInvoicesAwaitingCheckout1764180710000';
  transaction = false as const;

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX CONCURRENTLY IF NOT EXISTS unattributed_invoices_one_off_by_time ON attribution.unattributed_invoices (occurred_at)
        WHERE stripe_subscription_id IS NULL AND stripe_customer_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS attribution.unattributed_invoices_one_off_by_time`);
  }
}
