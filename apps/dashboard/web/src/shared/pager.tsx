import { useState } from 'react';

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
