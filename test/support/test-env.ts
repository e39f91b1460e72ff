/**
 * Where tests find PostgreSQL and NATS. The database is the run's own, set by test/global-setup.ts;
 * TEST_DATABASE_URL and NATS_URL point elsewhere on loopback.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/selgeo_test';
export const TEST_NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
