import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';

interface PgQueryable {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

const names = new Map<string, string>();

/** One name per statement text; PostgreSQL keeps the parsed statement per connection under it. */
function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `selgeo_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * Runs a statement as a named prepared statement: PostgreSQL parses and plans it once per
 * connection instead of on every call. Used for the statements run per message or per group of
 * messages: it saves parse and plan work, not round trips. TypeORM's `query()` always sends unnamed statements, so this goes to the
 * `pg` client underneath: the transaction's own connection when `db` is a transaction's manager,
 * the pool otherwise. Returns the rows, for SELECT, INSERT, UPDATE and DELETE alike.
 */
// Rows are typed where they are read, as with TypeORM's query(): `any` is the default so existing
// callers that annotate the variable instead of the call keep compiling.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function preparedQuery<T = any>(db: EntityManager | DataSource, text: string, values: unknown[]): Promise<T[]> {
  const config = { name: statementName(text), text, values };
  const runner = db instanceof DataSource ? undefined : db.queryRunner;
  if (runner && !runner.isReleased) {
    const client = (await runner.connect()) as PgQueryable;
    return (await client.query(config)).rows as T[];
  }
  const dataSource = db instanceof DataSource ? db : db.connection;
  const pool = (dataSource.driver as unknown as { master: PgQueryable }).master;
  return (await pool.query(config)).rows as T[];
}
