import { DataSource } from 'typeorm';

/**
 * Keeps the planner's statistics of a service's own tables current where nothing else does (a
 * PostgreSQL run with autovacuum off, as on this project's machines). A never-analysed table makes
 * PostgreSQL guess that a `(workspace_id, mode)` prefix matches one row, so every index that opens
 * with it looks as good as the primary key, and a lookup by id may scan the whole workspace through
 * another one (measured: commissions' drain fell from ~300 to ~140 events/s). Each call analyses the
 * tables of `schema` changed by more than autovacuum's own threshold (50 rows and 10%) since their
 * last analysis, whoever made it: where autovacuum runs, that is seldom any. ANALYZE blocks no reads
 * or writes. Resolves to the tables analysed.
 */
export async function analyzeChangedTables(db: DataSource, schema: string): Promise<string[]> {
  const rows: Array<{ relname: string }> = await db.query(
    `SELECT relname FROM pg_stat_user_tables WHERE schemaname = $1 AND n_mod_since_analyze > 50 + 0.1 * n_live_tup ORDER BY relname`,
    [schema],
  );
  for (const { relname } of rows) await db.query(`ANALYZE ${quoteIdent(schema)}.${quoteIdent(relname)}`);
  return rows.map((r) => r.relname);
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
