import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiPath, ListPage, request } from './api';
import { useLocation } from './router';

type Query = Record<string, string | number | undefined | null>;

/** GET a service path in the mode shown; cached per mode, path and query. */
export function useServiceQuery<T>(path: string | null, query: Query = {}, options: { refetchInterval?: number; keepPrevious?: boolean } = {}) {
  const { mode } = useLocation();
  return useQuery<T, Error>({
    queryKey: [mode, path, query],
    queryFn: () => request<T>('GET', apiPath(mode, path!, query)),
    enabled: path !== null,
    refetchInterval: options.refetchInterval,
    placeholderData: options.keepPrevious ? keepPreviousData : undefined,
  });
}

export function useServiceList<T>(path: string | null, query: Query = {}, options: { refetchInterval?: number } = {}) {
  return useServiceQuery<ListPage<T>>(path, query, { ...options, keepPrevious: true });
}

/**
 * A change sent to a service path in the mode shown. Every query of the mode is refreshed after it,
 * so lists and figures never show what was before; its error stays on the mutation for the form to show.
 */
export function useServiceMutation<T, V = unknown>(
  method: string,
  path: (vars: V) => string,
  body?: (vars: V) => unknown,
  headers?: (vars: V) => Record<string, string>,
) {
  const { mode } = useLocation();
  const client = useQueryClient();
  return useMutation<T, Error, V>({
    mutationFn: (vars) => request<T>(method, apiPath(mode, path(vars)), { json: body?.(vars), headers: headers?.(vars) }),
    onSuccess: () => client.invalidateQueries({ queryKey: [mode] }),
  });
}
