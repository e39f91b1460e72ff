import { SqlMigration, workspaceRecordColumns, workspaceScopeColumns } from '@app/persistence';

export class CreateAttributionSchema1764180100000 extends SqlMigration {
  name = 'CreateAttributionSchema1764180100000';

  protected readonly upStatements = [
    `
      CREATE TABLE attribution.clicks (
        click_id uuid PRIMARY KEY,
        ${workspaceScopeColumns()},
        partner_id uuid NOT NULL,
        referral_token text NOT NULL,
        clicked_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL
      )`,
    `
      CREATE TABLE attribution.conversions (
        ${workspaceRecordColumns()},
        partner_id uuid NOT NULL,
        click_id uuid,
        promo_code text,
        kind text NOT NULL CHECK (kind IN ('initial', 'renewal')),
        status text NOT NULL CHECK (status IN ('pending', 'converted', 'expired', 'duplicate')),
        amount_cents bigint NOT NULL DEFAULT 0,
        currency text,
        source_event_id text NOT NULL,
        stripe_customer_id text,
        stripe_subscription_id text,
        stripe_invoice_id text,
        stripe_checkout_session_id text,
        occurred_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
    // One sale is one conversion: a Checkout Session, and an invoice, are each counted at most once.
    `CREATE UNIQUE INDEX conversions_one_per_checkout_session ON attribution.conversions (workspace_id, mode, stripe_checkout_session_id) WHERE stripe_checkout_session_id IS NOT NULL`,
    `CREATE UNIQUE INDEX conversions_one_per_invoice ON attribution.conversions (workspace_id, mode, stripe_invoice_id) WHERE stripe_invoice_id IS NOT NULL`,
    `CREATE INDEX conversions_listing ON attribution.conversions (workspace_id, mode, created_at DESC, id DESC)`,
    `
      CREATE TABLE attribution.customer_bindings (
        ${workspaceScopeColumns()},
        stripe_customer_id text NOT NULL,
        partner_id uuid NOT NULL,
        conversion_id uuid NOT NULL REFERENCES attribution.conversions(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workspace_id, mode, stripe_customer_id)
      )`,
    `
      CREATE TABLE attribution.stripe_events (
        workspace_id text NOT NULL,
        event_id text NOT NULL,
        mode text NOT NULL CHECK (mode IN ('test', 'live')),
        type text NOT NULL,
        outcome text NOT NULL,
        detail text,
        conversion_id uuid REFERENCES attribution.conversions(id),
        stripe_created_at timestamptz NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workspace_id, event_id)
      )`,
  ];

  protected readonly downStatements = [
    `DROP TABLE attribution.stripe_events`,
    `DROP TABLE attribution.customer_bindings`,
    `DROP TABLE attribution.conversions`,
    `DROP TABLE attribution.clicks`,
  ];
}
