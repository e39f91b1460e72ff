import type { ReactNode } from 'react';
import type { Query } from '../shared/api';
import { DataTable, type Column } from '../shared/data-table';
import { PAGE_SIZE, tablePage, usePager } from '../shared/pager';
import { usePortalList } from './api';

/**
 * One of the partner's lists (conversions, commissions, payouts), newest first, a page at a time;
 * a change of `filters` starts again from the first page. Each row carries its id as `idAttribute` for the tests.
 */
export function PortalTable<T extends { id: string }>(props: {
  path: string;
  filters?: Query;
  caption: string;
  what: string;
  idAttribute: string;
  columns: Array<Column<T>>;
  empty: ReactNode;
}) {
  const filters = props.filters ?? {};
  const pager = usePager(`${props.path}:${JSON.stringify(filters)}`);
  const list = usePortalList<T>(props.path, { ...filters, limit: PAGE_SIZE, starting_after: pager.startingAfter });
  return <DataTable {...props} {...tablePage(pager, list)} rowAttributes={(row) => ({ [props.idAttribute]: row.id })} />;
}
