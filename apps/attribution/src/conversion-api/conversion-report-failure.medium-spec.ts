import { DataSource } from 'typeorm';
import { TEST_DATABASE_URL } from '../../../../test/support/test-env';
import { conversionReportFailure } from './conversion-report-failure';

/** The answer to each kind of failure, classified from the errors a real PostgreSQL raises through TypeORM. */
describe('conversionReportFailure, from real PostgreSQL errors', () => {
  let db: DataSource;
  beforeAll(async () => {
    db = await new DataSource({ type: 'postgres', url: TEST_DATABASE_URL, logging: false }).initialize();
  });
  afterAll(() => db?.destroy());

  const failureOf = (work: Promise<unknown>) =>
    work.then(() => {
      throw new Error('the statement succeeded');
    }, conversionReportFailure);

  it("400 with the database's reason for data it refuses (class 22), never a 503 to retry forever", async () => {
    for (const text of ['"order_\\u0000"', '"order_\\ud800"']) {
      const failure = await failureOf(db.query('SELECT $1::jsonb', [text]));
      expect(failure.reply).toMatchObject({ status: 400, code: 'invalid_request' });
      expect(failure.reply.message).toMatch(/The database refused a value of this conversion \(.*(Unicode|escape).*\); correct the request/);
      expect(failure.level).toBe('warn');
    }
  });

  it('503 retry for a statement cancelled by its timeout: the same call can pass a moment later', async () => {
    const failure = await failureOf(
      db.transaction(async (tx) => {
        await tx.query("SET LOCAL statement_timeout = '10ms'");
        await tx.query('SELECT pg_sleep(1)');
      }),
    );
    expect(failure.reply).toMatchObject({ status: 503, code: 'attribution_busy' });
  });

  it('503 retry while the database cannot be reached', async () => {
    const down = new DataSource({ type: 'postgres', url: 'postgres://postgres@127.0.0.1:1/none', logging: false, extra: { connectionTimeoutMillis: 1000 } });
    expect((await failureOf(down.initialize())).reply.status).toBe(503);
  });

  it('500, logged as a bug, for anything else: a statement that can never run, a programming error', async () => {
    const missing = await failureOf(db.query('SELECT * FROM attribution.no_such_table'));
    expect(missing).toMatchObject({ level: 'error', reply: { status: 500, code: 'internal_error' } });
    expect(missing.reply.message).toMatch(/will not help/);
    expect(conversionReportFailure(new TypeError("Cannot read properties of undefined (reading 'id')")).reply.status).toBe(500);
  });
});
