import { SqlMigration, workspaceScopeColumns } from '@app/persistence';

/**
 * Money coming back names a payment (a PaymentIntent, a Charge), not a sale. `payment_links` are
 * what Stripe told us links a payment to a sale: a Checkout Session naming its PaymentIntent, a
 * pre-basil Invoice naming its PaymentIntent and Charge, an InvoicePayment (basil on), a session
 * naming its invoice. `kept_money_back` are refunds and disputes (and InvoicePayments) whose sale is
 * not known yet, kept until it is, or until their wait ends (then `no_sale`).
 */
export class PaymentLinksAndKeptMoneyBack1764190300000 extends SqlMigration {
  name = 'PaymentLinksAndKeptMoneyBack1764190300000';

  protected readonly upStatements = [
    `
      CREATE TABLE attribution.payment_links (
        ${workspaceScopeColumns()},
        payment_id text NOT NULL,
        sale_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workspace_id, mode, payment_id, sale_id)
      )`,
    `
      CREATE TABLE attribution.kept_money_back (
        ${workspaceScopeColumns()},
        event_id text NOT NULL,
        payment_ids text[] NOT NULL,
        refunded_amount_cents bigint,
        dispute_status text CHECK (dispute_status IN ('open', 'won', 'lost')),
        received_at timestamptz NOT NULL,
        -- When the sweep next looks for its sale, and how often it looked: each miss doubles the wait, up to a cap.
        check_after timestamptz NOT NULL DEFAULT now(),
        checks integer NOT NULL DEFAULT 0,
        PRIMARY KEY (workspace_id, event_id)
      )`,
    `CREATE INDEX kept_money_back_by_check_after ON attribution.kept_money_back (check_after)`,
    // An event that finds its sale takes the events kept for the same payment with it (payment_ids && ...).
    `CREATE INDEX kept_money_back_by_payment ON attribution.kept_money_back USING gin (payment_ids)`,
    // The retention purge ages links like the ledger (retention-purge.ts).
    `CREATE INDEX payment_links_by_created_at ON attribution.payment_links (created_at)`,
    // The sweep ends the wait of the oldest first.
    `CREATE INDEX kept_money_back_by_received_at ON attribution.kept_money_back (received_at)`,
  ];

  protected readonly downStatements = [`DROP TABLE attribution.kept_money_back`, `DROP TABLE attribution.payment_links`];
}
