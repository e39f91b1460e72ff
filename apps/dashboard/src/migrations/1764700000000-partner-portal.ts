import { SqlMigration } from '@app/persistence';

export class PartnerPortal1764700000000 extends SqlMigration {
  name = 'PartnerPortal1764700000000';

  protected readonly upStatements = [
    // A partner's access to the portal: one row per partner of a workspace and mode, made by its first
    // invitation. Email and password are set when an invitation is accepted; an email address signs in
    // to one partner's portal in the whole system (stored lower-cased). Suspension keeps the row.
    `
      CREATE TABLE dashboard.partner_accounts (
        id uuid PRIMARY KEY,
        workspace_id text NOT NULL,
        mode text NOT NULL CHECK (mode IN ('test', 'live')),
        partner_id uuid NOT NULL,
        email text UNIQUE,
        password_hash text,
        suspended_at timestamptz,
        last_sign_in_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (workspace_id, mode, partner_id),
        CHECK ((email IS NULL) = (password_hash IS NULL))
      )`,
    // Only the SHA-256 of an invitation's token is kept (the token is in the link's fragment). What the
    // accept page shows (names, the partner's email) is copied when the merchant invites, so reading an
    // invitation needs no key of the workspace.
    `
      CREATE TABLE dashboard.partner_invitations (
        id uuid PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES dashboard.partner_accounts (id) ON DELETE CASCADE,
        token_hash char(64) NOT NULL UNIQUE,
        partner_name text NOT NULL,
        partner_email text,
        workspace_name text NOT NULL,
        invited_by uuid REFERENCES dashboard.users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        voided_at timestamptz
      )`,
    `CREATE INDEX partner_invitations_by_account ON dashboard.partner_invitations (account_id, created_at)`,
    // Portal sessions are sessions like the dashboard's (the same expiry sweep, the same way of ending
    // them), of a partner's account instead of a user.
    `ALTER TABLE dashboard.sessions ALTER COLUMN user_id DROP NOT NULL`,
    `ALTER TABLE dashboard.sessions ADD COLUMN partner_account_id uuid REFERENCES dashboard.partner_accounts (id) ON DELETE CASCADE`,
    `ALTER TABLE dashboard.sessions ADD CONSTRAINT sessions_of_one CHECK ((user_id IS NULL) <> (partner_account_id IS NULL))`,
    `CREATE INDEX sessions_by_partner_account ON dashboard.sessions (partner_account_id) WHERE partner_account_id IS NOT NULL`,
  ];

  protected readonly downStatements = [
    `DELETE FROM dashboard.sessions WHERE partner_account_id IS NOT NULL`,
    `ALTER TABLE dashboard.sessions DROP COLUMN partner_account_id`,
    `ALTER TABLE dashboard.sessions ALTER COLUMN user_id SET NOT NULL`,
    `DROP TABLE dashboard.partner_invitations`,
    `DROP TABLE dashboard.partner_accounts`,
  ];
}
