import { entityColumnDifferences } from '@app/persistence/testing/entity-columns';
import { attributionDatabase } from '../../../test/support/attribution-database';
import { ClickEntity } from './clicks/click.entity';
import { ConversionEntity } from './conversions/conversion.entity';
import { StripeEventRecordEntity } from './stripe-events/stripe-event-record.entity';

/** TypeORM writes and reads these tables through the entities: each must map its table as the migrations made it. */
describe('the attribution entities against the migrated tables', () => {
  const db = attributionDatabase('entity_columns');
  beforeAll(() => db.setUp());
  afterAll(() => db.tearDown());

  it('map every column with the type, nullability, default and primary key the migrations gave it', async () => {
    expect(await entityColumnDifferences(db.dataSource, [ClickEntity, ConversionEntity, StripeEventRecordEntity])).toEqual([]);
  });
});
