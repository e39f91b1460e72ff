import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A kept invoice later counted as a renewal is commissioned, like any invoice, on its amount without
 * tax: it keeps that amount. NULL (invoices kept before) reads as the whole amount.
 */
export class UnattributedInvoicesCommissionable1764190200000 implements MigrationInterface {
  name = 'UnattributedInvoicesCommissionable1764190200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE attribution.unattributed_invoices ADD COLUMN commissionable_amount_cents bigint`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE attribution.unattributed_invoices DROP COLUMN commissionable_amount_cents`);
  }
}
