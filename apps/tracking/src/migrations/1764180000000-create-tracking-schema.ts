import { SqlMigration, workspaceRecordColumns, workspaceScopeColumns } from '@app/persistence';

export class CreateTrackingSchema1764180000000 extends SqlMigration {
  name = 'CreateTrackingSchema1764180000000';

  protected readonly upStatements = [
    `
      CREATE TABLE tracking.workspaces (
        id text PRIMARY KEY,
        name text NOT NULL,
        attribution_window_days int NOT NULL DEFAULT 60 CHECK (attribution_window_days BETWEEN 1 AND 365),
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
    `
      CREATE TABLE tracking.api_keys (
        ${workspaceRecordColumns('tracking.workspaces(id)')},
        kind text NOT NULL CHECK (kind IN ('publishable', 'secret')),
        key_hash char(64) NOT NULL UNIQUE,
        key_hint text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`,
    `
      CREATE TABLE tracking.partners (
        ${workspaceRecordColumns('tracking.workspaces(id)')},
        name text NOT NULL,
        email text,
        destination_url text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
    `CREATE INDEX partners_workspace_mode_created ON tracking.partners (workspace_id, mode, created_at DESC)`,
    `
      CREATE TABLE tracking.referral_tokens (
        token text PRIMARY KEY CHECK (token = lower(token)),
        ${workspaceScopeColumns('tracking.workspaces(id)')},
        partner_id uuid NOT NULL REFERENCES tracking.partners(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
    `CREATE INDEX referral_tokens_partner ON tracking.referral_tokens (partner_id)`,
    `
      CREATE TABLE tracking.promo_codes (
        ${workspaceRecordColumns('tracking.workspaces(id)')},
        code text NOT NULL CHECK (code = upper(code)),
        partner_id uuid NOT NULL REFERENCES tracking.partners(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (workspace_id, mode, code)
      )`,
    `CREATE INDEX promo_codes_partner ON tracking.promo_codes (partner_id)`,
  ];

  protected readonly downStatements = [
    `DROP TABLE tracking.promo_codes`,
    `DROP TABLE tracking.referral_tokens`,
    `DROP TABLE tracking.partners`,
    `DROP TABLE tracking.api_keys`,
    `DROP TABLE tracking.workspaces`,
  ];
}
