import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a partner last changed: partners can be edited, and every change is published
 * (`partner.upserted`) with it, so consumers keep the newest version. Existing partners have not
 * changed since they were created.
 */
export class PartnerUpdatedAt1764181300000 implements MigrationInterface {
  name = 'PartnerUpdatedAt1764181300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tracking.partners ADD COLUMN updated_at timestamptz`);
    await q.query(`UPDATE tracking.partners SET updated_at = created_at`);
    await q.query(`ALTER TABLE tracking.partners ALTER COLUMN updated_at SET NOT NULL, ALTER COLUMN updated_at SET DEFAULT now()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tracking.partners DROP COLUMN updated_at`);
  }
}
