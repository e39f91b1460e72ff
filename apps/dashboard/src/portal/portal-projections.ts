import type { TrackedPartner, TrackedToken } from './partner-api';

/**
 * What a partner may see of the services' answers, field by field: an allow-list, so a field a
 * service adds later (a buyer's email, a Stripe id) never reaches the portal by default.
 */
type Json = Record<string, unknown>;

const pick = (source: Json, fields: readonly string[]): Json => Object.fromEntries(fields.map((field) => [field, source[field] ?? null]));

/** A conversion without the buyer: no email, no Stripe ids, no click id. The order reference is the conversion's id. */
export function portalConversion(c: Json): Json {
  return {
    id: c.id,
    object: 'portal_conversion',
    order_reference: c.id,
    ...pick(c, ['kind', 'status', 'amount_cents', 'currency', 'refunded_amount_cents', 'referral_token', 'promo_code', 'occurred_at']),
  };
}

export function portalCommission(c: Json): Json {
  return {
    id: c.id,
    object: 'portal_commission',
    ...pick(c, [
      'conversion_id',
      'status',
      'amount_cents',
      'net_amount_cents',
      'currency',
      'hold_ends_at',
      'approved_at',
      'paid_at',
      'payout_id',
      'created_at',
    ]),
  };
}

const PAYOUT_FIELDS = ['status', 'currency', 'amount_cents', 'line_count', 'reference', 'period_start', 'period_end', 'created_at', 'paid_at', 'cancelled_at'];

export function portalPayout(p: Json): Json {
  const payout: Json = { id: p.id, object: 'portal_payout', ...pick(p, PAYOUT_FIELDS) };
  if (Array.isArray(p.lines)) payout.lines = (p.lines as Json[]).map((line) => pick(line, ['type', 'commission_id', 'adjustment_id', 'amount_cents']));
  return payout;
}

const BALANCE_FIELDS = ['currency', 'pending', 'on_hold', 'in_review', 'approved', 'in_payout', 'paid', 'owed_back'];

/** Commissions' own balance, field by field. */
export function portalBalance(b: { partner_id?: string; currencies?: Json[] }): Json {
  return { object: 'balance', partner_id: b.partner_id, currencies: (b.currencies ?? []).map((row) => pick(row, BALANCE_FIELDS)) };
}

export function portalPayoutDetails(p: TrackedPartner): Json {
  return { payout_email: p.payout_email ?? null, payout_reference: p.payout_reference ?? null };
}

/** The merchant's page with `?ref=TOKEN`, its own query parameters kept (a `ref` of its own replaced). */
export function refUrl(destinationUrl: string, token: string): string {
  const url = new URL(destinationUrl);
  url.searchParams.set('ref', token);
  return url.toString();
}

export function portalLink(token: TrackedToken, destinationUrl: string, trackingPublicUrl: string): Json {
  return {
    token: token.token,
    label: token.label ?? null,
    // Before tracking records who added a token, every token is the merchant's.
    added_by: token.added_by ?? 'merchant',
    hosted_url: `${trackingPublicUrl.replace(/\/$/, '')}/r/${token.token}`,
    ref_url: refUrl(destinationUrl, token.token),
    created_at: token.created_at,
  };
}
