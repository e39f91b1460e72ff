import type { QueryClient } from '@tanstack/react-query';

/** The browser's one door to the server: same origin, the session cookie, and the CSRF token on every change. */

export type Mode = 'test' | 'live';

export interface Session {
  user: { id: string; email: string; role: 'owner' | 'member' };
  workspace: { id: string; name?: string };
  csrf_token: string;
  links: { tracking_public_url: string; stripe_webhook_url: string };
}

export interface ListPage<T> {
  object: 'list';
  data: T[];
  has_more?: boolean;
}

/** An answer that was not a success, with the words to show the merchant. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly retryAfter: string | null = null,
  ) {
    super(message);
  }
}

let csrfToken = '';

export const SIGN_IN_NOTICE_KEY = ['sign-in-notice'];

/**
 * Drops every answer cached for the session that ended, and shows the sign-in page (session null),
 * with `notice` on it when the merchant did not simply sign out, so they know why they are there.
 */
export function forgetSession(client: QueryClient, notice: string | null = null): void {
  client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
  client.setQueryData(SIGN_IN_NOTICE_KEY, notice);
  client.setQueryData(['session'], null);
  csrfToken = '';
}
let onSessionEnded: () => void = () => undefined;

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** Called on any 401: the session ended (signed out elsewhere, expired), so the app shows the sign-in page. */
export function whenSessionEnds(handler: () => void): void {
  onSessionEnded = handler;
}

interface RequestOptions {
  json?: unknown;
  headers?: Record<string, string>;
  /** Sign-in answers 401 for a wrong password: that is not a session ending. */
  quietUnauthorized?: boolean;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (method !== 'GET' && method !== 'HEAD') headers['x-csrf-token'] = csrfToken;
  if (options.json !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.json === undefined ? undefined : JSON.stringify(options.json),
    });
  } catch {
    throw new ApiError(0, 'The dashboard server cannot be reached. Check your connection and try again.');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const body = parse(text);
  if (response.ok) return body as T;
  if (response.status === 401 && !options.quietUnauthorized) onSessionEnded();
  throw new ApiError(response.status, messageOf(response.status, body), response.headers.get('retry-after'));
}

function parse(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * The services answer `{ message }` (a string or a list) and sometimes `errors`. The validation
 * `message` is `errors` joined, so `errors` wins when present and each sentence is shown once.
 */
export function messageOf(status: number, body: unknown): string {
  if (body && typeof body === 'object') {
    const { message, errors, error } = body as { message?: unknown; errors?: unknown; error?: unknown };
    const parts: string[] = [];
    // Some answers nest it: `{ error: { message } }`.
    if (message === undefined && error && typeof error === 'object') return messageOf(status, error);
    if (Array.isArray(errors) && errors.length > 0) parts.push(...errors.map((e) => (typeof e === 'string' ? e : describeError(e))));
    else if (Array.isArray(message)) parts.push(...message.map(String));
    else if (typeof message === 'string' && message) parts.push(message);
    const distinct = [...new Set(parts.map(inWords))];
    if (distinct.length > 0) return distinct.join('; ');
  }
  if (status === 404) return 'Not found: this server does not offer it yet, or it does not exist in this mode.';
  if (status === 502 || status === 503) return 'A Selgeo service is not answering right now. Try again in a moment.';
  if (status === 429) return 'Too many requests. Wait a moment and try again.';
  return `The server answered ${status}.`;
}

function describeError(e: unknown): string {
  if (e && typeof e === 'object') {
    const { path, field, message } = e as { path?: unknown; field?: unknown; message?: unknown };
    const where = Array.isArray(path) ? path.join('.') : typeof field === 'string' ? field : typeof path === 'string' ? path : '';
    return where ? `${where}: ${String(message)}` : String(message);
  }
  return String(e);
}

const ACRONYMS = new Set(['url', 'id', 'api', 'ip', 'utm', 'iban', 'bic', 'ms']);

/** "destination_url: must be …" → "Destination URL: must be …": the merchant sees words, not API field names. */
function inWords(sentence: string): string {
  const match = /^([a-z][a-z0-9_.]*): (.*)$/s.exec(sentence);
  if (!match) return sentence;
  const words = match[1].split(/[_.]+/).filter(Boolean);
  const label = words.map((w, i) => (ACRONYMS.has(w) ? w.toUpperCase() : i === 0 ? w[0].toUpperCase() + w.slice(1) : w)).join(' ');
  return `${label}: ${match[2]}`;
}

/** A service path in the mode shown, e.g. api('test', '/v1/partners') → /api/test/v1/partners. */
export function apiPath(mode: Mode, path: string, query?: Query): string {
  return withQuery(`/api/${mode}${path}`, query);
}

export type Query = Record<string, string | number | undefined | null>;

/** A path with the query's set values, e.g. withQuery('/portal/results', { token: 'abc', from: '' }) → /portal/results?token=abc. */
export function withQuery(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return `${path}${qs ? `?${qs}` : ''}`;
}

/** A fresh Idempotency-Key; crypto.randomUUID exists only on https and localhost, so plain-http self-hosting gets one too. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
