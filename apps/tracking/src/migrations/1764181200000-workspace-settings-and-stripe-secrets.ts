import { SqlMigration, workspaceRecordColumns, workspaceScopeColumns } from '@app/persistence';

/**
 * The attribution window per workspace and mode (the workspace's own column stays the value a mode
 * has until it is set), and each workspace's Stripe signing secrets, sealed with WEBHOOK_SECRETS_KEY.
 */
export class WorkspaceSettingsAndStripeSecrets1764181200000 extends SqlMigration {
  name = 'WorkspaceSettingsAndStripeSecrets1764181200000';

  protected readonly upStatements = [
    `
      CREATE TABLE tracking.workspace_settings (
        ${workspaceScopeColumns('tracking.workspaces(id)')},
        attribution_window_days int NOT NULL CHECK (attribution_window_days BETWEEN 1 AND 365),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workspace_id, mode)
      )`,
    `
      CREATE TABLE tracking.stripe_signing_secrets (
        ${workspaceRecordColumns('tracking.workspaces(id)')},
        secret_sealed text NOT NULL,
        secret_hint text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
    `CREATE INDEX stripe_signing_secrets_workspace ON tracking.stripe_signing_secrets (workspace_id, mode, created_at)`,
  ];

  protected readonly downStatements = [`DROP TABLE tracking.stripe_signing_secrets`, `DROP TABLE tracking.workspace_settings`];
}
