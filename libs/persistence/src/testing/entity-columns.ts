import { DataSource, DataSourceOptions } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

interface TableColumn {
  column_name: string;
  data_type: string;
  character_maximum_length: number | null;
  is_nullable: 'YES' | 'NO';
  column_default: string | null;
  primary: boolean;
}

/** The default the table should have for the column, as PostgreSQL reports it; undefined when the entity states none. */
function expectedDefault(dataSource: DataSource, column: ColumnMetadata): string | undefined {
  if (column.isCreateDate || column.isUpdateDate) return 'now()';
  return column.default === undefined ? undefined : dataSource.driver.normalizeDefault(column);
}

/**
 * How the entities' columns differ from the tables the migrations made, one line per difference: a
 * column missing from its table, or with another type, length, nullability, default or primary key.
 * Table columns no entity maps (the database fills them, or hand-written SQL reads them) are no
 * difference, nor is a table's default where the entity states none. `dataSource` is connected to the
 * migrated database; the entities are mapped through a connection of their own to it.
 */
export async function entityColumnDifferences(dataSource: DataSource, entities: NonNullable<DataSourceOptions['entities']>): Promise<string[]> {
  const mapped = await new DataSource({ ...dataSource.options, entities, migrations: [] }).initialize();
  try {
    const schema = (dataSource.options as { schema?: string }).schema ?? 'public';
    const differences: string[] = [];
    for (const entity of mapped.entityMetadatas) {
      const table = new Map(
        (
          await dataSource.query<TableColumn[]>(
            `SELECT c.column_name, c.data_type, c.character_maximum_length, c.is_nullable, c.column_default,
                    EXISTS (SELECT 1 FROM information_schema.key_column_usage k
                              JOIN information_schema.table_constraints t USING (constraint_schema, constraint_name)
                             WHERE t.constraint_type = 'PRIMARY KEY' AND k.table_schema = c.table_schema
                               AND k.table_name = c.table_name AND k.column_name = c.column_name) AS primary
               FROM information_schema.columns c WHERE c.table_schema = $1 AND c.table_name = $2`,
            [schema, entity.tableName],
          )
        ).map((c) => [c.column_name, c]),
      );
      for (const column of entity.columns) {
        const where = `${entity.tableName}.${column.databaseName}`;
        const actual = table.get(column.databaseName);
        if (!actual) {
          differences.push(`${where}: not in the table`);
          continue;
        }
        const differ = (what: string, inEntity: unknown, inTable: unknown) => {
          if (inEntity !== inTable) differences.push(`${where}: ${what} ${String(inEntity)} in the entity, ${String(inTable)} in the table`);
        };
        differ('type', mapped.driver.normalizeType(column), actual.data_type);
        if (column.length) differ('length', column.length, String(actual.character_maximum_length));
        differ('nullable', column.isNullable, actual.is_nullable === 'YES');
        differ('primary key', column.isPrimary, actual.primary);
        const stated = expectedDefault(mapped, column);
        // PostgreSQL reports a literal default with its cast ('merchant'::text), TypeORM a number quoted ('0').
        if (stated !== undefined) differ('default', stated, actual.column_default?.replace(/::[a-z ]+$/, '').replace(/^(-?\d+)$/, "'$1'"));
      }
    }
    return differences;
  } finally {
    await mapped.destroy();
  }
}
