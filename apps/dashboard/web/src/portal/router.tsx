import { useAddress } from '../shared/router';

/**
 * The portal's pages live under /portal; the mode is the session's, never part of the path. The pages'
 * paths (/portal, /portal/reports, /portal/sales, /portal/money, /portal/account, /portal/accept) are none
 * of the server's JSON paths (/portal/links, /portal/results, /portal/conversions…), so a reload gets the page.
 */
export const PORTAL_BASE = '/portal';

export function portalPath(page: string): string {
  return page === '/' ? PORTAL_BASE : `${PORTAL_BASE}${page}`;
}

/** The page path inside the portal, e.g. /money/payouts/123, and the query. */
export function usePortalLocation(): { page: string; query: URLSearchParams } {
  const url = useAddress();
  const page = url.pathname.startsWith(PORTAL_BASE) ? url.pathname.slice(PORTAL_BASE.length) : url.pathname;
  return { page: page.replace(/\/+$/, '') || '/', query: url.searchParams };
}
