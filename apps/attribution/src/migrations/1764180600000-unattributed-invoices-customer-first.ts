import { SqlMigration } from '@app/persistence';

/**
 * The same lesson as SelectiveSaleIndexes1764180300000, for invoices awaiting their attribution:
 * the customer index led with (workspace_id, mode), like the primary key. On empty, never analysed
 * tables both cost the same, and the group read's generic plan (made once per connection, kept
 * while the table grows) looked invoices up through the customer index by workspace and mode alone,
 * then filtered every unattributed invoice of the merchant (group-store.medium-spec.ts). Leading with
 * the Stripe customer id leaves the primary key the only index for a lookup by invoice.
 */
export class UnattributedInvoicesCustomerFirst1764180600000 extends SqlMigration {
  name = 'UnattributedInvoicesCustomerFirst1764180600000';

  protected readonly upStatements = [
    `CREATE INDEX unattributed_invoices_by_customer ON attribution.unattributed_invoices (stripe_customer_id, workspace_id, mode)`,
    `DROP INDEX attribution.unattributed_invoices_customer`,
  ];

  protected readonly downStatements = [
    `CREATE INDEX unattributed_invoices_customer ON attribution.unattributed_invoices (workspace_id, mode, stripe_customer_id)`,
    `DROP INDEX attribution.unattributed_invoices_by_customer`,
  ];
}
