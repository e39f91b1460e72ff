import { SqlMigration } from '@app/persistence';

/**
 * What commissions need of a conversion (issue 17): the amount a commission is computed on, money
 * coming back (the refunded total and the dispute state), the buyer's email, and a renewal's initial
 * sale. Each column is added without rewriting the table: nullable, or with a constant default, and
 * the dispute check is NOT VALID (the column is new, so every existing row is NULL and passes). A
 * NULL commissionable amount (rows from before) reads as the whole amount.
 */
export class ConversionMoneyBack1764190100000 extends SqlMigration {
  name = 'ConversionMoneyBack1764190100000';

  protected readonly upStatements = [
    `
      ALTER TABLE attribution.conversions
        ADD COLUMN commissionable_amount_cents bigint,
        ADD COLUMN refunded_amount_cents bigint NOT NULL DEFAULT 0,
        ADD COLUMN dispute_status text,
        ADD COLUMN customer_email text,
        ADD COLUMN initial_conversion_id uuid,
        ADD COLUMN initial_occurred_at timestamptz`,
    `
      ALTER TABLE attribution.conversions
        ADD CONSTRAINT conversions_dispute_status CHECK (dispute_status IN ('open', 'won', 'lost')) NOT VALID`,
  ];

  protected readonly downStatements = [
    `
      ALTER TABLE attribution.conversions
        DROP CONSTRAINT conversions_dispute_status,
        DROP COLUMN commissionable_amount_cents,
        DROP COLUMN refunded_amount_cents,
        DROP COLUMN dispute_status,
        DROP COLUMN customer_email,
        DROP COLUMN initial_conversion_id,
        DROP COLUMN initial_occurred_at`,
  ];
}
