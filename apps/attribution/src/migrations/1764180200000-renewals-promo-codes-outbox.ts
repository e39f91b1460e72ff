import { outboxTable, SqlMigration, workspaceScopeColumns } from '@app/persistence';

export class RenewalsPromoCodesOutbox1764180200000 extends SqlMigration {
  name = 'RenewalsPromoCodesOutbox1764180200000';

  protected readonly upStatements = [
    // Attribution's copy of which partner owns which promo code (from `promo_code.assigned`).
    `
      CREATE TABLE attribution.promo_codes (
        ${workspaceScopeColumns()},
        code text NOT NULL CHECK (code = upper(code)),
        partner_id uuid NOT NULL,
        assigned_at timestamptz NOT NULL,
        PRIMARY KEY (workspace_id, mode, code)
      )`,
    // Renewals are matched only from the customer's first attributed sale on.
    `ALTER TABLE attribution.customer_bindings ADD COLUMN bound_from timestamptz`,
    `UPDATE attribution.customer_bindings b SET bound_from = c.occurred_at FROM attribution.conversions c WHERE c.id = b.conversion_id`,
    `ALTER TABLE attribution.customer_bindings ALTER COLUMN bound_from SET NOT NULL`,
    `ALTER TABLE attribution.conversions ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`,
    // Paid invoices nobody could attribute yet: a later Checkout Session (its first invoice) or a
    // later customer binding (its renewals) claims them, whatever order Stripe delivered in.
    `
      CREATE TABLE attribution.unattributed_invoices (
        ${workspaceScopeColumns()},
        stripe_invoice_id text NOT NULL,
        stripe_customer_id text,
        stripe_subscription_id text,
        billing_reason text,
        amount_cents bigint NOT NULL,
        currency text,
        occurred_at timestamptz NOT NULL,
        source_event_id text NOT NULL,
        PRIMARY KEY (workspace_id, mode, stripe_invoice_id)
      )`,
    `CREATE INDEX unattributed_invoices_customer ON attribution.unattributed_invoices (workspace_id, mode, stripe_customer_id)`,
    // Transactional outbox: `conversion.*` events are written with the change and published after commit.
    outboxTable('attribution'),
  ];

  protected readonly downStatements = [
    `DROP TABLE attribution.outbox`,
    `DROP TABLE attribution.unattributed_invoices`,
    `ALTER TABLE attribution.conversions DROP COLUMN updated_at`,
    `ALTER TABLE attribution.customer_bindings DROP COLUMN bound_from`,
    `DROP TABLE attribution.promo_codes`,
  ];
}
