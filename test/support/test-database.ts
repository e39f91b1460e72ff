/** The server the tests' databases live on (loopback); TEST_POSTGRES_URL points elsewhere on loopback. */
const SERVER_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';

export const ADMIN_DATABASE_URL = SERVER_URL;

/** The database of the test run whose Jest process is `pid`. */
export function runDatabaseUrl(pid: number): string {
  return Object.assign(new URL(SERVER_URL), { pathname: `/selgeo_test_${pid}` }).toString();
}
