import { keepPreviousData, QueryKey, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiPath, ListPage, Query, request } from './api';
import { PAGE_SIZE, tablePage, usePager } from './pager';
import { useLocation } from './router';

interface GetOptions {
  refetchInterval?: number;
  keepPrevious?: boolean;
}

/** GET a server path (null: not yet), cached under `queryKey`. */
export function useGet<T>(queryKey: QueryKey, url: string | null, options: GetOptions = {}) {
  return useQuery<T, Error>({
    queryKey,
    queryFn: () => request<T>('GET', url!),
    enabled: url !== null,
    refetchInterval: options.refetchInterval,
    placeholderData: options.keepPrevious ? keepPreviousData : undefined,
  });
}

/**
 * A change sent to the server. Every query under `refresh` is refreshed after it, so lists and figures
 * never show what was before; its error stays on the mutation for the form to show.
 */
export function useChange<T, V = unknown>(
  refresh: QueryKey,
  method: string,
  url: (vars: V) => string,
  body?: (vars: V) => unknown,
  headers?: (vars: V) => Record<string, string>,
) {
  const client = useQueryClient();
  return useMutation<T, Error, V>({
    mutationFn: (vars) => request<T>(method, url(vars), { json: body?.(vars), headers: headers?.(vars) }),
    onSuccess: () => client.invalidateQueries({ queryKey: refresh }),
  });
}

/** GET a service path in the mode shown; cached per mode, path and query. */
export function useServiceQuery<T>(path: string | null, query: Query = {}, options: GetOptions = {}) {
  const { mode } = useLocation();
  return useGet<T>([mode, path, query], path === null ? null : apiPath(mode, path, query), options);
}

export function useServiceList<T>(path: string | null, query: Query = {}, options: { refetchInterval?: number } = {}) {
  return useServiceQuery<ListPage<T>>(path, query, { ...options, keepPrevious: true });
}

/**
 * A service list of the mode shown, a page at a time, as DataTable takes it; a change of `filters` (or of mode)
 * starts again from the first page, which alone is asked for again every `firstPageRefetchInterval` ms if given.
 */
export function useServicePage<T extends { id: string }>(path: string, filters: Query, options: { firstPageRefetchInterval?: number } = {}) {
  const { mode } = useLocation();
  const pager = usePager(`${mode}:${JSON.stringify(filters)}`);
  const list = useServiceList<T>(
    path,
    { limit: PAGE_SIZE, starting_after: pager.startingAfter, ...filters },
    { refetchInterval: pager.page === 1 ? options.firstPageRefetchInterval : undefined },
  );
  return tablePage(pager, list);
}

/** A change sent to a service path in the mode shown; every query of the mode is refreshed after it. */
export function useServiceMutation<T, V = unknown>(
  method: string,
  path: (vars: V) => string,
  body?: (vars: V) => unknown,
  headers?: (vars: V) => Record<string, string>,
) {
  const { mode } = useLocation();
  return useChange<T, V>([mode], method, (vars) => apiPath(mode, path(vars)), body, headers);
}
