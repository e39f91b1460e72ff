import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A migration that is a list of statements: `upStatements` run in order on the way up,
 * `downStatements` on the way down. A subclass names itself and states its SQL.
 */
export abstract class SqlMigration implements MigrationInterface {
  abstract readonly name: string;
  protected abstract readonly upStatements: readonly string[];
  protected abstract readonly downStatements: readonly string[];

  async up(q: QueryRunner): Promise<void> {
    for (const statement of this.upStatements) await q.query(statement);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const statement of this.downStatements) await q.query(statement);
  }
}
