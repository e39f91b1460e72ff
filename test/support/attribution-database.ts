import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations } from '@app/persistence';
import { attributionMigrations } from '../../apps/attribution/src/migrations';
import { createDatabase, dropDatabase } from '../../scripts/create-database';
import { TEST_DATABASE_URL } from './test-env';

export interface AttributionDatabase {
  readonly url: string;
  /** Connected once `setUp` resolved. */
  readonly dataSource: DataSource;
  /** Creates and migrates the database; resolves to its connection. */
  setUp(): Promise<DataSource>;
  tearDown(): Promise<void>;
}

/**
 * A database of its own for one medium spec, with attribution's migrations run: created in
 * `beforeAll(db.setUp)`, dropped in `afterAll(db.tearDown)`.
 */
export function attributionDatabase(name: string, options: { poolSize?: number } = {}): AttributionDatabase {
  const url = Object.assign(new URL(TEST_DATABASE_URL), { pathname: `/selgeo_${name.replace(/\W/g, '_')}_${randomBytes(4).toString('hex')}` }).toString();
  let dataSource: DataSource | undefined;
  return {
    url,
    get dataSource(): DataSource {
      if (!dataSource) throw new Error('attributionDatabase: call setUp() first (in beforeAll)');
      return dataSource;
    },
    async setUp() {
      await createDatabase(url);
      const source = new DataSource(
        dataSourceOptions({
          url,
          schema: 'attribution',
          poolSize: options.poolSize ?? 2,
          entities: [],
          migrations: attributionMigrations,
          applicationName: `${name}-medium-spec`,
        }),
      );
      await source.initialize();
      dataSource = source;
      await runMigrations(source, 'attribution');
      return source;
    },
    async tearDown() {
      await dataSource?.destroy();
      await dropDatabase(url);
    },
  };
}
