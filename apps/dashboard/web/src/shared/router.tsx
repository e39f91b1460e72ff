import { AnchorHTMLAttributes, MouseEvent, useSyncExternalStore } from 'react';
import type { Mode } from './api';

/**
 * A tiny history-API router: the server answers index.html for any page path, the address bar
 * is the state. The mode is part of the path, as in Stripe's dashboard: `/test/...` is test mode.
 */

const listeners = new Set<() => void>();
window.addEventListener('popstate', () => listeners.forEach((l) => l()));

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function snapshot(): string {
  return window.location.pathname + window.location.search;
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  listeners.forEach((l) => l());
  window.scrollTo(0, 0);
}

export interface Location {
  mode: Mode;
  /** The page path without the mode prefix, e.g. /partners/123. */
  page: string;
  query: URLSearchParams;
}

/** The address bar's path and query; the component renders again on every navigation. */
export function useAddress(): URL {
  const href = useSyncExternalStore(subscribe, snapshot);
  return new URL(href, window.location.origin);
}

export function useLocation(): Location {
  const url = useAddress();
  const isTest = url.pathname === '/test' || url.pathname.startsWith('/test/');
  const page = (isTest ? url.pathname.slice('/test'.length) : url.pathname) || '/';
  return { mode: isTest ? 'test' : 'live', page, query: url.searchParams };
}

/** The path of a page in a mode. */
export function pathIn(mode: Mode, page: string): string {
  const p = page.startsWith('/') ? page : `/${page}`;
  return mode === 'test' ? (p === '/' ? '/test' : `/test${p}`) : p;
}

/** Matches `/partners/:id` against a page path; the named parts, or null. */
export function match(pattern: string, page: string): Record<string, string> | null {
  const a = pattern.split('/').filter(Boolean);
  const b = page.split('/').filter(Boolean);
  if (a.length !== b.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < a.length; i++) {
    if (a[i].startsWith(':')) params[a[i].slice(1)] = decodeURIComponent(b[i]);
    else if (a[i] !== b[i]) return null;
  }
  return params;
}

/** A link that navigates in place (and still opens in a new tab with a modifier key). */
export function Link({ to, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }) {
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={handle} {...rest} />;
}

/** Replaces the query of the current page (filters, cursors) without a new history entry per keystroke. */
export function setQuery(values: Record<string, string | undefined>, options: { replace?: boolean } = {}): void {
  const url = new URL(window.location.href);
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined || v === '') url.searchParams.delete(k);
    else url.searchParams.set(k, v);
  }
  navigate(url.pathname + url.search, options);
}
