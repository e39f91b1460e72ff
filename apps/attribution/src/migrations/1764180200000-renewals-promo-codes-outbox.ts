import { MigrationInterface, QueryRunner } from 'typeorm';
import { outboxTable, workspaceScopeColumns } from '@app/persistence';

export class RenewalsPromoCodesOutbox1764180200000 implements MigrationInterface {
  name = 'RenewalsPromoCodesOutbox1764180200000';

  async up(q: QueryRunner): Promise<void> {
    // Attribution's copy of which partner owns which promo code (from `promo_code.assigned`).
    await q.query(`
      CREATE TABLE attribution.promo_codes (
        ${workspaceScopeColumns()},
        code text NOT NULL CHECK (code = upper(code)),
        partner_id uuid NOT NULL,
        assigned_at timestamptz NOT NULL,
        PRIMARY KEY (workspace_id, mode, code)
      )`);
    // Renewals are matched only from the customer's first attributed sale on.
    await q.query(`ALTER TABLE attribution.customer_bindings ADD COLUMN bound_from timestamptz`);
    await q.query(`UPDATE attribution.customer_bindings b SET bound_from = c.occurred_at FROM attribution.conversions c WHERE c.id = b.conversion_id`);
    await q.query(`ALTER TABLE attribution.customer_bindings ALTER COLUMN bound_from SET NOT NULL`);
    await q.query(`ALTER TABLE attribution.conversions ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);
    // Paid invoices nobody could attribute yet: a later Checkout Session (its first invoice) or a
    // later customer binding (its renewals) claims them, whatever order Stripe delivered in.
    await q.query(`
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
      )`);
    await q.query(`CREATE INDEX unattributed_invoices_customer ON attribution.unattributed_invoices (workspace_id, mode, stripe_customer_id)`);
    // Transactional outbox: `conversion.*` events are written with the change and published after commit.
    await q.query(outboxTable('attribution'));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE attribution.outbox`);
    await q.query(`DROP TABLE attribution.unattributed_invoices`);
    await q.query(`ALTER TABLE attribution.conversions DROP COLUMN updated_at`);
    await q.query(`ALTER TABLE attribution.customer_bindings DROP COLUMN bound_from`);
    await q.query(`DROP TABLE attribution.promo_codes`);
  }
}
