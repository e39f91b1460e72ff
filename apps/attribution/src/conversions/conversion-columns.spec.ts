import { getMetadataArgsStorage } from 'typeorm';
import { conversionRows } from './conversion-record';
import { ConversionEntity } from './conversion.entity';

/**
 * TypeORM reads conversions through the entity; every hand-written statement through the row
 * mapping. A column added to one and not the other fails here (the table is checked against the
 * mapping in row-mappings.medium-spec.ts).
 */
describe('the conversion columns', () => {
  it('are the same fields and columns in ConversionEntity and in the row mapping', () => {
    const entity = getMetadataArgsStorage()
      // Its own columns and those it inherits (WorkspaceRecord's).
      .columns.filter((c) => c.target === ConversionEntity || (typeof c.target === 'function' && ConversionEntity.prototype instanceof c.target))
      .map((c) => `${c.propertyName} -> ${c.options.name ?? c.propertyName}`);
    const mapping = Object.entries(conversionRows.columnOf).map(([field, column]) => `${field} -> ${column}`);
    expect(mapping.sort()).toEqual(entity.sort());
  });
});
