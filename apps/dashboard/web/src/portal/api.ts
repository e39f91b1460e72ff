import type { QueryKey } from '@tanstack/react-query';
import type { ListPage, Mode, Query } from '../shared/api';
import { withQuery } from '../shared/api';
import { useChange, useGet } from '../shared/queries';

/** The portal's server answers under /portal; each answer is the signed-in partner's own, in the session's mode. */

export interface PortalSession {
  object: 'portal_session';
  partner: { id: string; name: string };
  workspace: { id: string; name: string };
  mode: Mode;
  email: string;
  csrf_token: string;
}

/** Every portal answer is cached under this key, so a change refreshes them all. */
const PORTAL: QueryKey = ['portal'];

export function usePortal<T>(path: string | null, query: Query = {}, options: { keepPrevious?: boolean } = {}) {
  return useGet<T>([...PORTAL, path, query], path === null ? null : withQuery(`/portal${path}`, query), options);
}

export function usePortalList<T>(path: string, query: Query = {}) {
  return usePortal<ListPage<T>>(path, query, { keepPrevious: true });
}

export function usePortalChange<T, V = unknown>(method: string, path: string, body?: (vars: V) => unknown) {
  return useChange<T, V>(PORTAL, method, () => `/portal${path}`, body);
}
