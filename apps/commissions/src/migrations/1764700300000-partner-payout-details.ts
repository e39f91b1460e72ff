import { SqlMigration } from '@app/persistence';

/**
 * The partners' payout details (issue 20), copied from tracking's `partner.upserted` like their
 * names and emails, for the payout CSV. Nullable: no rewrite; tracking republishes every partner
 * at start-up, which fills them in.
 */
export class PartnerPayoutDetails1764700300000 extends SqlMigration {
  name = 'PartnerPayoutDetails1764700300000';

  protected readonly upStatements = [`ALTER TABLE commissions.partners ADD COLUMN payout_email text, ADD COLUMN payout_reference text`];

  protected readonly downStatements = [`ALTER TABLE commissions.partners DROP COLUMN payout_reference, DROP COLUMN payout_email`];
}
