import { dropDatabase } from '../scripts/create-database';

/** Drops the run's own database (see global-setup.ts); a database named by TEST_DATABASE_URL is left. */
export default async function globalTeardown(): Promise<void> {
  if (process.env.SELGEO_TEST_OWN_DATABASE === '1' && process.env.TEST_DATABASE_URL) await dropDatabase(process.env.TEST_DATABASE_URL);
}
