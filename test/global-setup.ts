import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { createDatabase, dropDatabase } from '../scripts/create-database';
import { ADMIN_DATABASE_URL, runDatabaseUrl } from './support/test-database';

/**
 * Gives every test run a database whose schemas are rebuilt from the migrations alone: the
 * services migrate on start-up, under an advisory lock, as they do in production. Unless
 * TEST_DATABASE_URL names one, the database is the run's own (selgeo_test_<pid>, dropped by the
 * global teardown), so two runs on one machine never rebuild each other's schemas.
 */
export default async function globalSetup(): Promise<void> {
  // The tracking service serves the built snippet.
  execFileSync(process.execPath, [resolve(__dirname, '../scripts/build-snippet.js'), '--quiet'], { stdio: 'inherit' });

  if (!process.env.TEST_DATABASE_URL) {
    await dropDatabasesOfEndedRuns();
    // Jest's workers start after this and inherit the environment.
    process.env.TEST_DATABASE_URL = runDatabaseUrl(process.pid);
    process.env.SELGEO_TEST_OWN_DATABASE = '1';
  }
  const url = process.env.TEST_DATABASE_URL;
  await createDatabase(url);
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    await db.query('DROP SCHEMA IF EXISTS tracking CASCADE');
    await db.query('DROP SCHEMA IF EXISTS attribution CASCADE');
    await db.query('DROP SCHEMA IF EXISTS commissions CASCADE');
    await db.query('DROP SCHEMA IF EXISTS dashboard CASCADE');
  } finally {
    await db.end();
  }
}

/** A run killed before its teardown leaves its database: the next run drops it once its process is gone. */
async function dropDatabasesOfEndedRuns(): Promise<void> {
  const admin = new Client({ connectionString: ADMIN_DATABASE_URL });
  await admin.connect();
  let names: string[];
  try {
    names = (await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname ~ '^selgeo_test_[0-9]+$'`)).rows.map((r) => r.datname);
  } finally {
    await admin.end();
  }
  for (const name of names) {
    const pid = Number(name.slice('selgeo_test_'.length));
    if (!processAlive(pid)) await dropDatabase(runDatabaseUrl(pid));
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
