import type { ReactNode } from 'react';
import { Pager, usePager } from './pager';
import { ErrorNote, Loading } from './ui';

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  /** e.g. `num` for right-aligned amounts, `truncate` for long URLs. */
  className?: string;
}

interface DataTableProps<T> {
  /** Read by screen readers only: what the table lists, and in which order. */
  caption: string;
  columns: Array<Column<T>>;
  rows: T[];
  /** By default the row's `id`. */
  rowKey?: (row: T) => string;
  /** Extra attributes on a row, e.g. `data-conversion-id` for the browser tests. */
  rowAttributes?: (row: T) => Record<string, string>;
  /**
   * The query the rows come from: `empty` shows only once it has answered, not while loading or after an error.
   * Without it the rows are already at hand (part of an answer the page has shown).
   */
  query?: { data: unknown; isPending: boolean; error: Error | null };
  /** What the rows are, e.g. "partners": named while loading and when they cannot be loaded. */
  what: string;
  empty?: ReactNode;
  /** Tables that refresh themselves announce their new rows. */
  live?: boolean;
  paging?: { pager: ReturnType<typeof usePager>; hasMore: boolean | undefined; lastId: string | undefined };
}

/** The lists of the dashboard: one table markup, its empty state, and the pager under it. */
export function DataTable<T>({ caption, columns, rows, rowKey = idOf, rowAttributes, query = LOADED, what, empty, live, paging }: DataTableProps<T>) {
  return (
    <>
      <ErrorNote error={query.error} prefix={`${what[0].toUpperCase()}${what.slice(1)} could not be loaded`} />
      {query.isPending ? <Loading what={what} /> : null}
      {query.data !== undefined && rows.length === 0 ? empty : null}
      {rows.length > 0 ? (
        <table className="table" aria-live={live ? 'polite' : undefined}>
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.header} scope="col">
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={rowKey(row)} {...rowAttributes?.(row)}>
                {columns.map((c) => (
                  <td key={c.header} className={c.className}>
                    {c.cell(row)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {paging ? <Pager pager={paging.pager} hasMore={paging.hasMore} lastId={paging.lastId} /> : null}
    </>
  );
}

const idOf = (row: unknown) => (row as { id: string }).id;
const LOADED = { data: true, isPending: false, error: null };
