import { SqlMigration } from '@app/persistence';

/**
 * Publishable keys are public by design (they sit in every page's snippet tag), so the dashboard's
 * "Get started" page may show them: their plaintext is kept from now on. Secret keys stay stored
 * hashed only, which the check holds the table to. Keys made before stay hint-only (the column is
 * NULL), since only their hash was kept. Nullable and NOT VALID: no rewrite or scan of the table.
 */
export class ShowablePublishableKeys1764600200000 extends SqlMigration {
  name = 'ShowablePublishableKeys1764600200000';

  protected readonly upStatements = [
    `ALTER TABLE tracking.api_keys ADD COLUMN publishable_key text`,
    `
      ALTER TABLE tracking.api_keys
        ADD CONSTRAINT api_keys_only_publishable_shown CHECK (publishable_key IS NULL OR kind = 'publishable') NOT VALID`,
  ];

  protected readonly downStatements = [`ALTER TABLE tracking.api_keys DROP CONSTRAINT api_keys_only_publishable_shown, DROP COLUMN publishable_key`];
}
