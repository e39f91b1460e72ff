import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An event reads its customer's unattributed invoices from the retention's cut-off on
 * (retention/unattributed-invoice-window.ts), not all of them. With the customer index on
 * (customer, workspace, mode) and the purge's index on occurred_at, PostgreSQL answered that read
 * by ANDing both bitmaps, walking every kept invoice of the last weeks of the whole merchant to find
 * one customer's few. Ending the customer index with occurred_at makes one probe answer the window.
 * Built CONCURRENTLY, for the reasons RetentionPurgeIndexes1764180900000 gives.
 */
export class UnattributedInvoicesCustomerWindow1764180910000 implements MigrationInterface {
  name = 'UnattributedInvoicesCustomerWindow1764180910000';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET statement_timeout = 0`);
    try {
      await q.query(`DROP INDEX CONCURRENTLY IF EXISTS attribution.unattributed_invoices_by_customer_window`);
      await q.query(`CREATE INDEX CONCURRENTLY unattributed_invoices_by_customer_window
                       ON attribution.unattributed_invoices (stripe_customer_id, workspace_id, mode, occurred_at)`);
      await q.query(`DROP INDEX CONCURRENTLY IF EXISTS attribution.unattributed_invoices_by_customer`);
    } finally {
      await q.query(`RESET statement_timeout`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX CONCURRENTLY IF NOT EXISTS unattributed_invoices_by_customer
                     ON attribution.unattributed_invoices (stripe_customer_id, workspace_id, mode)`);
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS attribution.unattributed_invoices_by_customer_window`);
  }
}
