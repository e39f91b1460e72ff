import { SqlMigration, workspaceRecordColumns, workspaceScopeColumns } from '@app/persistence';

export class ConversionApiAndWebhooks1764180400000 extends SqlMigration {
  name = 'ConversionApiAndWebhooks1764180400000';

  protected readonly upStatements = [
    // Conversions reported through the Conversion API: no Stripe event, the merchant's own id instead.
    `ALTER TABLE attribution.conversions ADD COLUMN source text NOT NULL DEFAULT 'stripe' CHECK (source IN ('stripe', 'api'))`,
    `ALTER TABLE attribution.conversions ADD COLUMN event_type text NOT NULL DEFAULT 'sale'`,
    `ALTER TABLE attribution.conversions ADD COLUMN external_transaction_id text`,
    `ALTER TABLE attribution.conversions ALTER COLUMN source_event_id DROP NOT NULL`,
    `ALTER TABLE attribution.conversions ADD CONSTRAINT conversions_have_a_source CHECK (source_event_id IS NOT NULL OR external_transaction_id IS NOT NULL)`,
    `CREATE UNIQUE INDEX conversions_one_per_external_transaction ON attribution.conversions (external_transaction_id, workspace_id, mode) WHERE external_transaction_id IS NOT NULL`,

    `
      CREATE TABLE attribution.webhook_endpoints (
        ${workspaceRecordColumns()},
        url text NOT NULL,
        description text,
        enabled_events text[] NOT NULL,
        disabled boolean NOT NULL DEFAULT false,
        secret text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
    `CREATE INDEX webhook_endpoints_of_account ON attribution.webhook_endpoints (workspace_id, mode, created_at)`,
    // One delivery per endpoint and event, whatever the fan-out's redeliveries.
    `
      CREATE TABLE attribution.webhook_deliveries (
        id uuid PRIMARY KEY,
        endpoint_id uuid NOT NULL REFERENCES attribution.webhook_endpoints(id) ON DELETE CASCADE,
        ${workspaceScopeColumns()},
        event_id text NOT NULL,
        event_type text NOT NULL,
        body text NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
        generation integer NOT NULL DEFAULT 1,
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        locked_until timestamptz,
        last_status_code integer,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        UNIQUE (endpoint_id, event_id)
      )`,
    `CREATE INDEX webhook_deliveries_of_endpoint ON attribution.webhook_deliveries (endpoint_id, created_at DESC, id DESC)`,
    `
      CREATE TABLE attribution.webhook_delivery_attempts (
        id bigserial PRIMARY KEY,
        delivery_id uuid NOT NULL REFERENCES attribution.webhook_deliveries(id) ON DELETE CASCADE,
        attempted_at timestamptz NOT NULL,
        duration_ms integer NOT NULL,
        status_code integer,
        error text,
        response_excerpt text
      )`,
    `CREATE INDEX webhook_delivery_attempts_of_delivery ON attribution.webhook_delivery_attempts (delivery_id, id)`,
  ];

  protected readonly downStatements = [
    `DROP TABLE attribution.webhook_delivery_attempts`,
    `DROP TABLE attribution.webhook_deliveries`,
    `DROP TABLE attribution.webhook_endpoints`,
    `DROP INDEX attribution.conversions_one_per_external_transaction`,
    `ALTER TABLE attribution.conversions DROP CONSTRAINT conversions_have_a_source`,
    `ALTER TABLE attribution.conversions ALTER COLUMN source_event_id SET NOT NULL`,
    `ALTER TABLE attribution.conversions DROP COLUMN external_transaction_id`,
    `ALTER TABLE attribution.conversions DROP COLUMN event_type`,
    `ALTER TABLE attribution.conversions DROP COLUMN source`,
  ];
}
