import { MigrationInterface, QueryRunner } from 'typeorm';

/** An index of a table that can be large: its name, and `schema.table (columns) [WHERE ...]`. */
export type ConcurrentIndex = [name: string, definition: string];

/** `schema.name`: an index lives in its table's schema, the one its definition opens with. */
const qualifiedName = ([name, definition]: ConcurrentIndex) => `${definition.slice(0, definition.indexOf('.'))}.${name}`;

/**
 * Builds indexes CONCURRENTLY, so writes go on meanwhile and a replica's start-up migration does not
 * stop the others; the migration must run outside a transaction (`transaction = false`). A build
 * interrupted half-way leaves an invalid index behind and the migration unrecorded, so each build
 * first drops whatever an earlier try left. A concurrent build waits for every transaction that could
 * see the table: the pool's statement timeout, meant for a decision's statements, is lifted meanwhile.
 */
export async function buildIndexesConcurrently(q: QueryRunner, indexes: ConcurrentIndex[]): Promise<void> {
  await q.query(`SET statement_timeout = 0`);
  try {
    for (const index of indexes) {
      const [name, definition] = index;
      await q.query(`DROP INDEX CONCURRENTLY IF EXISTS ${qualifiedName(index)}`);
      await q.query(`CREATE INDEX CONCURRENTLY ${name} ON ${definition}`);
    }
  } finally {
    await q.query(`RESET statement_timeout`);
  }
}

export async function dropIndexesConcurrently(q: QueryRunner, indexes: ConcurrentIndex[]): Promise<void> {
  for (const index of indexes) await q.query(`DROP INDEX CONCURRENTLY IF EXISTS ${qualifiedName(index)}`);
}

/**
 * A migration that only adds indexes to tables that can be large: built CONCURRENTLY outside a
 * transaction (TypeORM honours `transaction = false` in the runner's `each` mode), dropped the same
 * way on the way down. A subclass names itself and the indexes.
 */
export abstract class ConcurrentIndexesMigration implements MigrationInterface {
  abstract readonly name: string;
  readonly transaction = false;
  protected abstract readonly indexes: ConcurrentIndex[];

  async up(q: QueryRunner): Promise<void> {
    await buildIndexesConcurrently(q, this.indexes);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropIndexesConcurrently(q, this.indexes);
  }
}
