import { MigrationInterface, QueryRunner } from 'typeorm';

/** Rolled keys carry the end of their grace period; every change to a workspace or its keys is recorded. */
export class KeyExpiryAndAuditLog1764181100000 implements MigrationInterface {
  name = 'KeyExpiryAndAuditLog1764181100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tracking.api_keys ADD COLUMN expires_at timestamptz`);
    await q.query(`CREATE INDEX api_keys_workspace ON tracking.api_keys (workspace_id, created_at)`);
    await q.query(`
      CREATE TABLE tracking.audit_log (
        id uuid PRIMARY KEY,
        workspace_id text NOT NULL REFERENCES tracking.workspaces(id),
        mode text CHECK (mode IN ('test', 'live')),
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor text NOT NULL,
        action text NOT NULL,
        api_key_id uuid,
        details jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX audit_log_workspace_at ON tracking.audit_log (workspace_id, at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE tracking.audit_log`);
    await q.query(`DROP INDEX tracking.api_keys_workspace`);
    await q.query(`ALTER TABLE tracking.api_keys DROP COLUMN expires_at`);
  }
}
