import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A conversion records the referral token (the link) its click came through, so a partner's results
 * can be shown per link (the partner portal, issue 20); a customer's binding keeps its sale's token,
 * which the renewals it explains inherit. Nullable columns: no rewrite. Conversions recorded before
 * keep null (no backfill: it would rewrite every conversion in one transaction, and the clicks of
 * older ones are purged after their retention anyway).
 */
export class ConversionReferralTokens1764700200000 implements MigrationInterface {
  name = 'ConversionReferralTokens1764700200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE attribution.conversions ADD COLUMN referral_token text`);
    await q.query(`ALTER TABLE attribution.customer_bindings ADD COLUMN referral_token text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE attribution.customer_bindings DROP COLUMN referral_token`);
    await q.query(`ALTER TABLE attribution.conversions DROP COLUMN referral_token`);
  }
}
