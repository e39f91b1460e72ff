import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations } from '@app/persistence';
import { entityColumnDifferences } from '@app/persistence/testing/entity-columns';
import { createDatabase, dropDatabase } from '../../../scripts/create-database';
import { TEST_DATABASE_URL } from '../../../test/support/test-env';
import { trackingMigrations } from './migrations';
import { TRACKING_SCHEMA, trackingEntities } from './tracking.module';

/** TypeORM writes and reads tracking's tables through the entities: each must map its table as the migrations made it. */
describe('the tracking entities against the migrated tables', () => {
  const url = Object.assign(new URL(TEST_DATABASE_URL), { pathname: `/selgeo_tracking_entity_columns_${randomBytes(4).toString('hex')}` }).toString();
  let dataSource: DataSource | undefined;

  beforeAll(async () => {
    await createDatabase(url);
    const options = { url, schema: TRACKING_SCHEMA, poolSize: 2, entities: [], migrations: trackingMigrations, applicationName: 'entity-columns-medium-spec' };
    dataSource = await new DataSource(dataSourceOptions(options)).initialize();
    await runMigrations(dataSource, TRACKING_SCHEMA);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await dropDatabase(url);
  });

  it('map every column with the type, nullability, default and primary key the migrations gave it', async () => {
    expect(await entityColumnDifferences(dataSource!, trackingEntities)).toEqual([]);
  });
});
