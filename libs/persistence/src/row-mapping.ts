/**
 * One record type's fields and the columns that store them, written once. Every path that reads or
 * writes the table by hand (a `RETURNING *` row, a `to_jsonb` row, an INSERT column list, a JSON
 * array for `jsonb_populate_recordset`) goes through it, so a new column is one line here.
 */
export interface RowMapping<T> {
  /** Each field's column. */
  readonly columnOf: Readonly<{ [K in keyof T]-?: string }>;
  /** The columns, in one fixed order: for INSERT column lists. */
  readonly columns: readonly string[];
  /** `a, b, c`: the column list as SQL. */
  readonly columnList: string;
  /** From a node-postgres row or a `to_jsonb` row (where timestamps are strings and bigints may be). */
  fromRow(row: Record<string, unknown>): T;
  /** To a row keyed by column, for `jsonb_populate_recordset`. */
  toRow(record: T): Record<string, unknown>;
  /** The values in `columns` order, for `VALUES ($1, $2, ...)`. */
  values(record: T): unknown[];
  /** `$from, $from+1, ...`: one placeholder per column. */
  placeholders(from?: number): string;
}

/** How a column's value is read back: a bigint (node-postgres gives a string) or a timestamp. */
export type ColumnKind = 'number' | 'date';

export function rowMapping<T extends object>(columns: { [K in keyof T]-?: string }, kinds: Partial<Record<keyof T, ColumnKind>> = {}): RowMapping<T> {
  const fields = Object.keys(columns) as Array<keyof T>;
  const names = fields.map((f) => columns[f]);
  const read = fields.map((field, i) => ({ field, column: names[i], kind: kinds[field] }));
  return {
    columnOf: columns,
    columns: names,
    columnList: names.join(', '),
    fromRow(row) {
      const record: Record<string, unknown> = {};
      for (const { field, column, kind } of read) {
        const value = row[column] ?? null;
        if (kind === 'number') record[field as string] = value === null ? null : Number(value);
        else if (kind === 'date') record[field as string] = value === null || value instanceof Date ? value : new Date(value as string);
        else record[field as string] = value;
      }
      return record as T;
    },
    toRow(record) {
      const row: Record<string, unknown> = {};
      for (const { field, column } of read) row[column] = record[field];
      return row;
    },
    values: (record) => fields.map((f) => record[f]),
    placeholders: (from = 1) => names.map((_, i) => `$${from + i}`).join(', '),
  };
}
