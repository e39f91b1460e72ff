import { SqlMigration, workspaceScopeColumns } from '@app/persistence';

/**
 * Checkout Sessions that credited no partner are kept, like unattributed invoices, so that a later
 * Conversion API report of the session (or of its invoice) learns the sale's Stripe customer and
 * binds it: the customer's renewals then follow the partner whichever path reported first.
 */
export class UnattributedCheckoutSessions1764180700000 extends SqlMigration {
  name = 'UnattributedCheckoutSessions1764180700000';

  protected readonly upStatements = [
    `
      CREATE TABLE attribution.unattributed_checkout_sessions (
        ${workspaceScopeColumns()},
        stripe_checkout_session_id text NOT NULL,
        stripe_customer_id text,
        stripe_subscription_id text,
        stripe_invoice_id text,
        amount_cents bigint NOT NULL,
        currency text,
        occurred_at timestamptz NOT NULL,
        source_event_id text NOT NULL,
        PRIMARY KEY (workspace_id, mode, stripe_checkout_session_id)
      )`,
    // The retention purge ages kept sessions like kept invoices.
    `CREATE INDEX unattributed_checkout_sessions_by_occurred_at ON attribution.unattributed_checkout_sessions (occurred_at)`,
    // A report of the session's invoice finds the session by it.
    `CREATE INDEX unattributed_checkout_sessions_by_invoice ON attribution.unattributed_checkout_sessions (stripe_invoice_id, workspace_id, mode)
        WHERE stripe_invoice_id IS NOT NULL`,
  ];

  protected readonly downStatements = [`DROP TABLE attribution.unattributed_checkout_sessions`];
}
