import type { DataSource, EntityManager } from 'typeorm';

/** TypeORM answers UPDATE and DELETE with `[rows, count]`, INSERT and SELECT with the rows: the rows, either way. */
export function returnedRows<T>(result: unknown): T[] {
  return (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number' ? result[0] : result) as T[];
}

/** Runs a statement through TypeORM (an unnamed statement) and returns its rows, typed where they are read. */
export async function queryRows<T = Record<string, unknown>>(db: EntityManager | DataSource, text: string, values: unknown[] = []): Promise<T[]> {
  return returnedRows<T>(await db.query(text, values));
}
