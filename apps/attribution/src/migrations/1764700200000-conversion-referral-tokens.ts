import { SqlMigration } from '@app/persistence';

/**
 * A conversion records the referral token (the link) its click came through, so a partner's results
 * can be shown per link (the partner portal, issue 20); a customer's binding keeps its sale's token,
 * which the renewals it explains inherit. Nullable columns: no rewrite. Conversions recorded before
 * keep null (no backfill: it would rewrite every conversion in one transaction, and the clicks of
 * older ones are purged after their retention anyway).
 */
export class ConversionReferralTokens1764700200000 extends SqlMigration {
  name = 'ConversionReferralTokens1764700200000';

  protected readonly upStatements = [
    `ALTER TABLE attribution.conversions ADD COLUMN referral_token text`,
    `ALTER TABLE attribution.customer_bindings ADD COLUMN referral_token text`,
  ];

  protected readonly downStatements = [
    `ALTER TABLE attribution.customer_bindings DROP COLUMN referral_token`,
    `ALTER TABLE attribution.conversions DROP COLUMN referral_token`,
  ];
}
