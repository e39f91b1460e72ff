import { Column, ColumnOptions, CreateDateColumn, UpdateDateColumn } from 'typeorm';

/** What a column adds to its name and type: whether it may be null, its default, whether inserts write it. */
export type ColumnExtras = Pick<ColumnOptions, 'nullable' | 'default' | 'insert'>;

/**
 * A column of one PostgreSQL type, named `name` in the table (or as its property when left out), so
 * an entity states each column on one line: `@TextColumn('event_type') eventType!: string;`.
 */
const columnOfType =
  (type: 'text' | 'uuid' | 'timestamptz' | 'int') =>
  (name?: string, extras: ColumnExtras = {}) =>
    Column({ ...(name === undefined ? {} : { name }), type, ...extras });

export const TextColumn = columnOfType('text');
export const UuidColumn = columnOfType('uuid');
export const TimestampColumn = columnOfType('timestamptz');
export const IntColumn = columnOfType('int');

/** `created_at timestamptz NOT NULL DEFAULT now()`, which the database sets when the row is inserted. */
export const CreatedAtColumn = () => CreateDateColumn({ name: 'created_at', type: 'timestamptz' });

/** `updated_at timestamptz NOT NULL DEFAULT now()`, which TypeORM sets whenever it saves the row. */
export const UpdatedAtColumn = () => UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' });

/**
 * An amount in minor units (`bigint`), read back as the number every amount in the code is
 * (PostgreSQL's driver answers a bigint as a string).
 */
export const CentsColumn = (name: string, options: { nullable?: boolean; default?: number } = {}) =>
  Column({ name, type: 'bigint', ...options, transformer: { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) } });
