import { useState } from 'react';
import type { ListPage } from './api';

/**
 * Server paging with `starting_after`: the cursors of the pages before are kept, so Previous goes
 * back exactly; a change of filters starts again from the first page.
 */
export function usePager(resetKey: string) {
  const [state, setState] = useState<{ key: string; cursors: string[] }>({ key: resetKey, cursors: [] });
  const cursors = state.key === resetKey ? state.cursors : [];
  return {
    startingAfter: cursors[cursors.length - 1],
    page: cursors.length + 1,
    next: (lastId: string) => setState({ key: resetKey, cursors: [...cursors, lastId] }),
    previous: () => setState({ key: resetKey, cursors: cursors.slice(0, -1) }),
  };
}

export function Pager({ pager, hasMore, lastId }: { pager: ReturnType<typeof usePager>; hasMore: boolean | undefined; lastId: string | undefined }) {
  if (pager.page === 1 && !hasMore) return null;
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" className="button" disabled={pager.page === 1} onClick={pager.previous}>
        Previous
      </button>
      <span>Page {pager.page}</span>
      <button type="button" className="button" disabled={!hasMore || !lastId} onClick={() => lastId && pager.next(lastId)}>
        Next
      </button>
    </nav>
  );
}

/** How many rows a page of a list shows. */
export const PAGE_SIZE = 25;

/** A page of a server list as DataTable takes it: its rows, the query they come from, and the pager under them. */
export function tablePage<T extends { id: string }>(
  pager: ReturnType<typeof usePager>,
  list: { data: ListPage<T> | undefined; isPending: boolean; error: Error | null },
) {
  const rows = list.data?.data ?? [];
  return { rows, query: list, paging: { pager, hasMore: list.data?.has_more, lastId: rows[rows.length - 1]?.id } };
}
