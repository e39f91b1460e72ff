import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * Runs pending migrations of one service's schema. Replicas may start together, so the run is
 * serialised with a PostgreSQL advisory lock keyed on the schema name.
 */
export async function runMigrations(dataSource: DataSource, schema: string): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`selgeo:migrations:${schema}`]);
    try {
      await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      if (applied.length > 0) {
        new Logger('Migrations').log({ msg: 'migrations applied', schema, migrations: applied.map((m) => m.name) });
      }
      return applied.map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`selgeo:migrations:${schema}`]);
    }
  } finally {
    await runner.release();
  }
}
