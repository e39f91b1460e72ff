import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { createDatabase } from '../scripts/create-database';
import { TEST_DATABASE_URL } from './support/test-env';

/**
 * Gives every test run a database whose schemas are rebuilt from the migrations alone: the
 * services migrate on start-up, under an advisory lock, as they do in production.
 */
export default async function globalSetup(): Promise<void> {
  // The tracking service serves the built snippet.
  execFileSync(process.execPath, [resolve(__dirname, '../scripts/build-snippet.js'), '--quiet'], { stdio: 'inherit' });

  await createDatabase(TEST_DATABASE_URL);
  const db = new Client({ connectionString: TEST_DATABASE_URL });
  await db.connect();
  try {
    await db.query('DROP SCHEMA IF EXISTS tracking CASCADE');
    await db.query('DROP SCHEMA IF EXISTS attribution CASCADE');
  } finally {
    await db.end();
  }
}
