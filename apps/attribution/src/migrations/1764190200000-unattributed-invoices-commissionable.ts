import { SqlMigration } from '@app/persistence';

/**
 * A kept invoice later counted as a renewal is commissioned, like any invoice, on its amount without
 * tax: it keeps that amount. NULL (invoices kept before) reads as the whole amount.
 */
export class UnattributedInvoicesCommissionable1764190200000 extends SqlMigration {
  name = 'UnattributedInvoicesCommissionable1764190200000';

  protected readonly upStatements = [`ALTER TABLE attribution.unattributed_invoices ADD COLUMN commissionable_amount_cents bigint`];

  protected readonly downStatements = [`ALTER TABLE attribution.unattributed_invoices DROP COLUMN commissionable_amount_cents`];
}
