import { SqlMigration } from '@app/persistence';

/**
 * When a partner last changed: partners can be edited, and every change is published
 * (`partner.upserted`) with it, so consumers keep the newest version. Existing partners have not
 * changed since they were created.
 */
export class PartnerUpdatedAt1764181300000 extends SqlMigration {
  name = 'PartnerUpdatedAt1764181300000';

  protected readonly upStatements = [
    `ALTER TABLE tracking.partners ADD COLUMN updated_at timestamptz`,
    `UPDATE tracking.partners SET updated_at = created_at`,
    `ALTER TABLE tracking.partners ALTER COLUMN updated_at SET NOT NULL, ALTER COLUMN updated_at SET DEFAULT now()`,
  ];

  protected readonly downStatements = [`ALTER TABLE tracking.partners DROP COLUMN updated_at`];
}
