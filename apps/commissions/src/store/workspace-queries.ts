import { EntityManager } from 'typeorm';
import type { Mode } from '@app/domain';
import { preparedQuery } from '@app/persistence';

/** A page of a list: the caller's workspace and mode, how many rows, and the row the previous page ended with. */
export interface PageFilter {
  workspaceId: string;
  mode: Mode;
  limit: number;
  startingAfter?: { createdAt: Date; id: string };
}

/**
 * Reads a page of `table`'s rows in the filter's workspace and mode, newest first (by `created_at`,
 * then `id`, so a page never repeats or skips a row), after the cursor; `conditions` are the list's
 * own filters, each `column op ?` with its value, left out when the value is not given.
 */
export function newestFirst<Row>(
  db: EntityManager,
  table: string,
  columns: string,
  f: PageFilter,
  conditions: Array<[clause: string, value: unknown]>,
): Promise<Row[]> {
  const values: unknown[] = [f.workspaceId, f.mode];
  const where = ['workspace_id = $1', 'mode = $2'];
  for (const [clause, value] of conditions) if (value) where.push(clause.replace('?', `$${values.push(value)}`));
  if (f.startingAfter) {
    values.push(f.startingAfter.createdAt, f.startingAfter.id);
    where.push(`(created_at, id) < ($${values.length - 1}, $${values.length})`);
  }
  values.push(f.limit);
  return db.query<Row[]>(`SELECT ${columns} FROM ${table} WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT $${values.length}`, values);
}

/** One of `table`'s rows by id, in a workspace and mode; locked for the transaction when `forUpdate`. */
export async function findInWorkspace<Row>(
  db: EntityManager,
  table: string,
  columns: string,
  scope: { workspaceId: string; mode: Mode; id: string },
  forUpdate: boolean,
): Promise<Row | null> {
  const rows = await preparedQuery<Row>(
    db,
    `SELECT ${columns} FROM ${table} WHERE workspace_id = $1 AND mode = $2 AND id = $3 ${forUpdate ? 'FOR UPDATE' : ''}`,
    [scope.workspaceId, scope.mode, scope.id],
  );
  return rows[0] ?? null;
}
