/** TypeORM answers UPDATE and DELETE with `[rows, count]`, INSERT and SELECT with the rows: the rows, either way. */
export function returnedRows<T>(result: unknown): T[] {
  return (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number' ? result[0] : result) as T[];
}
