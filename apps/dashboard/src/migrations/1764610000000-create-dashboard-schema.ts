import { SqlMigration } from '@app/persistence';

export class CreateDashboardSchema1764610000000 extends SqlMigration {
  name = 'CreateDashboardSchema1764610000000';

  protected readonly upStatements = [
    `CREATE SCHEMA IF NOT EXISTS dashboard`,
    // One person signs in with one email address, so it is unique across workspaces (stored lower-cased).
    `
      CREATE TABLE dashboard.users (
        id uuid PRIMARY KEY,
        workspace_id text NOT NULL,
        email text NOT NULL UNIQUE,
        password_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('owner', 'member')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
    `CREATE INDEX users_by_workspace ON dashboard.users (workspace_id, created_at)`,
    // Only the SHA-256 of the cookie's token is kept, and those of the keys derived from it, so the
    // keys can be withdrawn from the services when the session ends.
    `
      CREATE TABLE dashboard.sessions (
        token_hash char(64) PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES dashboard.users (id) ON DELETE CASCADE,
        key_hashes text[] NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`,
    `CREATE INDEX sessions_by_user ON dashboard.sessions (user_id)`,
    `CREATE INDEX sessions_by_expiry ON dashboard.sessions (expires_at)`,
    // Sign-in attempts not known to have succeeded, per email address and per client address, shared
    // by every replica: one is written before its password is checked, and removed if it was right.
    `
      CREATE TABLE dashboard.sign_in_attempts (
        id bigserial PRIMARY KEY,
        subject text NOT NULL,
        attempted_at timestamptz NOT NULL DEFAULT now()
      )`,
    `CREATE INDEX sign_in_attempts_by_subject ON dashboard.sign_in_attempts (subject, attempted_at)`,
  ];

  protected readonly downStatements = [`DROP SCHEMA dashboard CASCADE`];
}
