export type ForwardedService = 'tracking' | 'attribution' | 'commissions';

/**
 * Which service answers which path of the API, as the browser calls it under `/api/{mode}`. A
 * partner's balance is the commissions service's, although it sits under `/v1/partners`.
 */
const ROUTES: Array<[RegExp, ForwardedService]> = [
  [/^\/v1\/partners\/[^/]+\/balance$/, 'commissions'],
  [/^\/v1\/(partners|settings|stripe\/signing-secrets|api-keys|audit-log)(\/|$)/, 'tracking'],
  // Attribution keeps a copy of the clicks, so it also counts them by day and by partner.
  [/^\/v1\/(conversions|conversion-summary|click-summary|stripe-events|attribution-explanations|webhook-endpoints|webhook-deliveries)(\/|$)/, 'attribution'],
  [/^\/v1\/(commissions|commission-summary|plans|payouts|payout-batches)(\/|$)/, 'commissions'],
];

/**
 * Changes only owners make: the workspace's keys and Stripe signing secrets, its settings and its
 * commission plan. Members read them, and do the day's work (partners, commissions, payouts, webhooks).
 */
const OWNERS_CHANGE = /^\/v1\/(api-keys|stripe\/signing-secrets|settings|plans)(\/|$)/;

/** What the services' API takes; anything else (OPTIONS, TRACE, ...) is not forwarded. */
export const FORWARDED_METHODS = new Set(['GET', 'HEAD', 'POST', 'PATCH', 'DELETE']);

export function onlyOwnersMay(method: string, path: string): boolean {
  return method !== 'GET' && method !== 'HEAD' && OWNERS_CHANGE.test(path);
}

/** Segments are ids and names: nothing that could climb out of the path (`..`) or be decoded into another. */
const SEGMENT = /^[A-Za-z0-9_-]+$/;

/** The service that serves `path`, or null for a path no service behind the dashboard serves. */
export function serviceFor(path: string): ForwardedService | null {
  const segments = path.split('/').slice(1);
  if (!path.startsWith('/') || !segments.every((segment) => SEGMENT.test(segment))) return null;
  return ROUTES.find(([pattern]) => pattern.test(path))?.[1] ?? null;
}
