import { SqlMigration } from '@app/persistence';

/** Rolled keys carry the end of their grace period; every change to a workspace or its keys is recorded. */
export class KeyExpiryAndAuditLog1764181100000 extends SqlMigration {
  name = 'KeyExpiryAndAuditLog1764181100000';

  protected readonly upStatements = [
    `ALTER TABLE tracking.api_keys ADD COLUMN expires_at timestamptz`,
    `CREATE INDEX api_keys_workspace ON tracking.api_keys (workspace_id, created_at)`,
    `
      CREATE TABLE tracking.audit_log (
        id uuid PRIMARY KEY,
        workspace_id text NOT NULL REFERENCES tracking.workspaces(id),
        mode text CHECK (mode IN ('test', 'live')),
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor text NOT NULL,
        action text NOT NULL,
        api_key_id uuid,
        details jsonb NOT NULL DEFAULT '{}'
      )`,
    `CREATE INDEX audit_log_workspace_at ON tracking.audit_log (workspace_id, at DESC)`,
  ];

  protected readonly downStatements = [
    `DROP TABLE tracking.audit_log`,
    `DROP INDEX tracking.api_keys_workspace`,
    `ALTER TABLE tracking.api_keys DROP COLUMN expires_at`,
  ];
}
