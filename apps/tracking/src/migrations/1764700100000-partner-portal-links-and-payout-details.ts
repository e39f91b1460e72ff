import { SqlMigration } from '@app/persistence';

/**
 * The partner portal (issue 20): referral tokens get a label and who added them (the merchant, or
 * the partner through the portal, whose additions `partner_link_limit` bounds); partners get their
 * payout details. Every column is nullable or has a constant default and every check is NOT VALID:
 * no table is rewritten or scanned (existing tokens were all added by merchants).
 */
export class PartnerPortalLinksAndPayoutDetails1764700100000 extends SqlMigration {
  name = 'PartnerPortalLinksAndPayoutDetails1764700100000';

  protected readonly upStatements = [
    `ALTER TABLE tracking.referral_tokens ADD COLUMN label text, ADD COLUMN added_by text NOT NULL DEFAULT 'merchant'`,
    `
      ALTER TABLE tracking.referral_tokens
        ADD CONSTRAINT referral_tokens_added_by CHECK (added_by IN ('merchant', 'partner')) NOT VALID,
        ADD CONSTRAINT referral_tokens_label_length CHECK (label IS NULL OR char_length(label) BETWEEN 1 AND 60) NOT VALID`,
    `ALTER TABLE tracking.workspace_settings ADD COLUMN partner_link_limit int NOT NULL DEFAULT 5`,
    `
      ALTER TABLE tracking.workspace_settings
        ADD CONSTRAINT workspace_settings_partner_link_limit CHECK (partner_link_limit BETWEEN 0 AND 100) NOT VALID`,
    `ALTER TABLE tracking.partners ADD COLUMN payout_email text, ADD COLUMN payout_reference text`,
    `
      ALTER TABLE tracking.partners
        ADD CONSTRAINT partners_payout_reference_length CHECK (payout_reference IS NULL OR char_length(payout_reference) <= 200) NOT VALID`,
  ];

  protected readonly downStatements = [
    `ALTER TABLE tracking.partners DROP CONSTRAINT partners_payout_reference_length, DROP COLUMN payout_reference, DROP COLUMN payout_email`,
    `ALTER TABLE tracking.workspace_settings DROP CONSTRAINT workspace_settings_partner_link_limit, DROP COLUMN partner_link_limit`,
    `
      ALTER TABLE tracking.referral_tokens
        DROP CONSTRAINT referral_tokens_label_length, DROP CONSTRAINT referral_tokens_added_by, DROP COLUMN added_by, DROP COLUMN label`,
  ];
}
