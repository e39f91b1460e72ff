import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createDatabase, dropDatabase } from '../../../scripts/create-database';
import { TEST_DATABASE_URL } from '../../../test/support/test-env';
import { analyzeChangedTables } from './table-statistics';

/** A lookup by primary key reads its index once the table is analysed, and only changed tables are. */
describe('analyzeChangedTables', () => {
  const url = Object.assign(new URL(TEST_DATABASE_URL), { pathname: `/selgeo_table_statistics_${randomBytes(4).toString('hex')}` }).toString();
  let db: DataSource;

  beforeAll(async () => {
    await createDatabase(url);
    db = await new DataSource({ type: 'postgres', url }).initialize();
    await db.query(`CREATE SCHEMA s`);
    await db.query(`CREATE TABLE s.copies (workspace_id text NOT NULL, mode text NOT NULL, id uuid NOT NULL, occurred_at timestamptz NOT NULL,
      PRIMARY KEY (workspace_id, mode, id))`);
    // Created last, as in the schema where it misled the planner: same prefix, and an order it could use.
    await db.query(`CREATE INDEX copies_occurred ON s.copies (workspace_id, mode, occurred_at)`);
    await db.query(`CREATE TABLE s.quiet (id int PRIMARY KEY)`);
  });
  afterAll(async () => {
    await db?.destroy();
    await dropDatabase(url);
  });

  async function planOfLookup(): Promise<string> {
    const runner = db.createQueryRunner();
    try {
      // As a prepared statement after a few runs: the generic plan, with no values to estimate from.
      await runner.query(`SET plan_cache_mode = force_generic_plan`);
      await runner.query(`PREPARE lookup(text, text, uuid) AS SELECT occurred_at FROM s.copies WHERE workspace_id = $1 AND mode = $2 AND id = $3`);
      const plan: Array<{ 'QUERY PLAN': string }> = await runner.query(`EXPLAIN EXECUTE lookup('ws', 'test', '00000000-0000-0000-0000-000000000000')`);
      return plan.map((p) => p['QUERY PLAN']).join('\n');
    } finally {
      await runner.query(`DEALLOCATE ALL`);
      await runner.release();
    }
  }

  it('analyses the tables changed past the threshold, after which the lookup uses the primary key', async () => {
    await db.query(`INSERT INTO s.copies SELECT 'ws', 'test', gen_random_uuid(), now() FROM generate_series(1, 5000)`);
    await db.query(`INSERT INTO s.quiet SELECT generate_series(1, 10)`);
    expect(await planOfLookup()).toContain('copies_occurred');
    // The statistics counters are flushed by the writing session shortly after its transactions.
    let analysed: string[] = [];
    for (let i = 0; i < 50 && analysed.length === 0; i++) {
      analysed = await analyzeChangedTables(db, 's');
      if (analysed.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(analysed).toEqual(['copies']);
    expect(await planOfLookup()).toContain('copies_pkey');
    expect(await analyzeChangedTables(db, 's')).toEqual([]);
  });
});
