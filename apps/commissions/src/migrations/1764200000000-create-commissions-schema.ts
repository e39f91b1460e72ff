import { outboxTable, SqlMigration, workspaceRecordColumns, workspaceScopeColumns } from '@app/persistence';

export class CreateCommissionsSchema1764200000000 extends SqlMigration {
  name = 'CreateCommissionsSchema1764200000000';

  protected readonly upStatements = [
    `CREATE SCHEMA IF NOT EXISTS commissions`,
    // Event ids already handled: a redelivered conversion, partner or click event changes nothing.
    `
      CREATE TABLE commissions.inbox (
        event_id text PRIMARY KEY,
        received_at timestamptz NOT NULL DEFAULT now()
      )`,
    // The latest state of each conversion (from conversion.created / conversion.updated); `chain_id`
    // groups an initial sale with its renewals.
    `
      CREATE TABLE commissions.conversions (
        ${workspaceScopeColumns()},
        id uuid NOT NULL,
        chain_id uuid NOT NULL,
        partner_id uuid NOT NULL,
        status text NOT NULL,
        currency text,
        amount_cents bigint NOT NULL,
        refunded_amount_cents bigint NOT NULL,
        occurred_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL,
        event_created_at timestamptz NOT NULL,
        state jsonb NOT NULL,
        PRIMARY KEY (workspace_id, mode, id)
      )`,
    `CREATE INDEX conversions_chain ON commissions.conversions (workspace_id, mode, chain_id)`,
    `CREATE INDEX conversions_partner ON commissions.conversions (workspace_id, mode, partner_id, currency)`,
    `CREATE INDEX conversions_occurred ON commissions.conversions (workspace_id, mode, occurred_at)`,
    `
      CREATE TABLE commissions.partners (
        ${workspaceScopeColumns()},
        partner_id uuid NOT NULL,
        name text NOT NULL,
        email text,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (workspace_id, mode, partner_id)
      )`,
    `
      CREATE TABLE commissions.clicks (
        ${workspaceScopeColumns()},
        click_id uuid NOT NULL,
        partner_id uuid NOT NULL,
        clicked_at timestamptz NOT NULL,
        PRIMARY KEY (workspace_id, mode, click_id)
      )`,
    `CREATE INDEX clicks_clicked ON commissions.clicks (workspace_id, mode, clicked_at)`,
    // Plan versions: a change is a new row, in force for conversions created from effective_from on.
    `
      CREATE TABLE commissions.plans (
        ${workspaceRecordColumns()},
        partner_id uuid,
        terms jsonb NOT NULL,
        effective_from timestamptz NOT NULL
      )`,
    `CREATE INDEX plans_in_force ON commissions.plans (workspace_id, mode, partner_id, effective_from DESC)`,
    `
      CREATE TABLE commissions.commissions (
        ${workspaceRecordColumns()},
        conversion_id uuid NOT NULL,
        partner_id uuid NOT NULL,
        currency text NOT NULL,
        terms jsonb NOT NULL,
        amount_cents bigint NOT NULL,
        earned_cents bigint NOT NULL,
        reason text,
        disputed boolean NOT NULL,
        status text NOT NULL,
        hold_ends_at timestamptz NOT NULL,
        approved_at timestamptz,
        review_reason text,
        reviewed_at timestamptz,
        voided_at timestamptz,
        void_reason text,
        payout_id uuid,
        paid_at timestamptz,
        adjustments_cents bigint NOT NULL DEFAULT 0,
        conversion_occurred_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        UNIQUE (workspace_id, mode, conversion_id)
      )`,
    `CREATE INDEX commissions_due ON commissions.commissions (hold_ends_at) WHERE status = 'pending'`,
    `CREATE INDEX commissions_partner ON commissions.commissions (workspace_id, mode, partner_id, currency, status)`,
    `CREATE INDEX commissions_list ON commissions.commissions (workspace_id, mode, created_at DESC, id DESC)`,
    // What a paid commission's later refund or lost dispute owes back (or a won dispute gives back).
    `
      CREATE TABLE commissions.adjustments (
        ${workspaceRecordColumns()},
        commission_id uuid NOT NULL REFERENCES commissions.commissions (id),
        partner_id uuid NOT NULL,
        currency text NOT NULL,
        amount_cents bigint NOT NULL,
        payout_id uuid,
        created_at timestamptz NOT NULL
      )`,
    `CREATE INDEX adjustments_partner ON commissions.adjustments (workspace_id, mode, partner_id, currency)`,
    `CREATE INDEX adjustments_commission ON commissions.adjustments (commission_id)`,
    `
      CREATE TABLE commissions.payout_batches (
        ${workspaceRecordColumns()},
        idempotency_key text NOT NULL,
        request jsonb NOT NULL,
        currency text NOT NULL,
        created_at timestamptz NOT NULL,
        UNIQUE (workspace_id, mode, idempotency_key)
      )`,
    `
      CREATE TABLE commissions.payouts (
        ${workspaceRecordColumns()},
        batch_id uuid NOT NULL REFERENCES commissions.payout_batches (id),
        partner_id uuid NOT NULL,
        currency text NOT NULL,
        amount_cents bigint NOT NULL,
        line_count integer NOT NULL,
        status text NOT NULL CHECK (status IN ('draft', 'paid', 'cancelled')),
        reference text,
        period_start timestamptz NOT NULL,
        period_end timestamptz NOT NULL,
        created_at timestamptz NOT NULL,
        paid_at timestamptz,
        cancelled_at timestamptz
      )`,
    `CREATE INDEX payouts_list ON commissions.payouts (workspace_id, mode, created_at DESC, id DESC)`,
    `CREATE INDEX payouts_batch ON commissions.payouts (batch_id)`,
    // A payout's lines, kept after a cancellation (which releases the commissions and adjustments).
    `
      CREATE TABLE commissions.payout_lines (
        id bigserial PRIMARY KEY,
        payout_id uuid NOT NULL REFERENCES commissions.payouts (id),
        commission_id uuid,
        adjustment_id uuid,
        amount_cents bigint NOT NULL,
        CHECK ((commission_id IS NULL) <> (adjustment_id IS NULL))
      )`,
    `CREATE INDEX payout_lines_payout ON commissions.payout_lines (payout_id)`,
    // commission.* and payout.* events, written with the change and published after commit.
    outboxTable('commissions'),
  ];

  protected readonly downStatements = [
    'outbox',
    'payout_lines',
    'payouts',
    'payout_batches',
    'adjustments',
    'commissions',
    'plans',
    'clicks',
    'partners',
    'conversions',
    'inbox',
  ].map((table) => `DROP TABLE commissions.${table}`);
}
