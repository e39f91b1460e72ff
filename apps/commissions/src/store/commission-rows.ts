import type { CommissionEvent, CommissionEventType, Mode } from '@app/domain';
import { newId } from '@app/domain';
import { CommissionRecord } from '../core/commission';
import type { CommissionTerms } from '../core/terms';

export interface CommissionRow {
  id: string;
  workspace_id: string;
  mode: Mode;
  conversion_id: string;
  partner_id: string;
  currency: string;
  terms: CommissionTerms;
  amount_cents: string;
  earned_cents: string;
  reason: string | null;
  disputed: boolean;
  status: string;
  hold_ends_at: Date;
  approved_at: Date | null;
  review_reason: string | null;
  reviewed_at: Date | null;
  voided_at: Date | null;
  void_reason: string | null;
  payout_id: string | null;
  paid_at: Date | null;
  adjustments_cents: string;
  created_at: Date;
  updated_at: Date;
}

export const COMMISSION_COLUMNS = `id, workspace_id, mode, conversion_id, partner_id, currency, terms, amount_cents, earned_cents, reason, disputed, status,
  hold_ends_at, approved_at, review_reason, reviewed_at, voided_at, void_reason, payout_id, paid_at, adjustments_cents, created_at, updated_at`;

export function commissionFromRow(r: CommissionRow): CommissionRecord {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    mode: r.mode,
    conversionId: r.conversion_id,
    partnerId: r.partner_id,
    currency: r.currency,
    terms: r.terms,
    amountCents: Number(r.amount_cents),
    earnedCents: Number(r.earned_cents),
    reason: r.reason as CommissionRecord['reason'],
    disputed: r.disputed,
    status: r.status as CommissionRecord['status'],
    holdEndsAt: r.hold_ends_at,
    approvedAt: r.approved_at,
    reviewReason: r.review_reason as CommissionRecord['reviewReason'],
    reviewedAt: r.reviewed_at,
    voidedAt: r.voided_at,
    voidReason: r.void_reason,
    payoutId: r.payout_id,
    paidAt: r.paid_at,
    adjustmentsCents: Number(r.adjustments_cents),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The columns a commission is made with and keeps, with the record field each holds (terms aside: stored as JSON). */
const KEPT_COLUMNS: Array<[column: string, field: keyof CommissionRecord]> = [
  ['id', 'id'],
  ['workspace_id', 'workspaceId'],
  ['mode', 'mode'],
  ['conversion_id', 'conversionId'],
  ['partner_id', 'partnerId'],
  ['currency', 'currency'],
  ['hold_ends_at', 'holdEndsAt'],
  ['created_at', 'createdAt'],
];

/** The columns a commission's life changes, with the record field each holds: what an update writes. */
const CHANGING_COLUMNS: Array<[column: string, field: keyof CommissionRecord]> = [
  ['amount_cents', 'amountCents'],
  ['earned_cents', 'earnedCents'],
  ['reason', 'reason'],
  ['disputed', 'disputed'],
  ['status', 'status'],
  ['approved_at', 'approvedAt'],
  ['review_reason', 'reviewReason'],
  ['reviewed_at', 'reviewedAt'],
  ['voided_at', 'voidedAt'],
  ['void_reason', 'voidReason'],
  ['payout_id', 'payoutId'],
  ['paid_at', 'paidAt'],
  ['adjustments_cents', 'adjustmentsCents'],
  ['updated_at', 'updatedAt'],
];

const valuesOf = (c: CommissionRecord, columns: Array<[string, keyof CommissionRecord]>): Array<[string, unknown]> =>
  columns.map(([column, field]) => [column, c[field]]);

/** Every column of a new commission's row, with its value. */
export function commissionInsertRow(c: CommissionRecord, conversionOccurredAt: string): Array<[column: string, value: unknown]> {
  return [...valuesOf(c, KEPT_COLUMNS), ['terms', JSON.stringify(c.terms)], ['conversion_occurred_at', conversionOccurredAt], ...valuesOf(c, CHANGING_COLUMNS)];
}

/** The columns of a commission's row that its life changes, with their values. */
export function commissionUpdateRow(c: CommissionRecord): Array<[column: string, value: unknown]> {
  return valuesOf(c, CHANGING_COLUMNS);
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A commission as the API returns it and the events carry it. */
export function presentCommission(c: CommissionRecord) {
  return {
    id: c.id,
    object: 'commission' as const,
    mode: c.mode,
    status: c.status,
    partner_id: c.partnerId,
    conversion_id: c.conversionId,
    currency: c.currency,
    /** The commission's own amount; fixed once in a payout. */
    amount_cents: c.amountCents,
    /** Adjustments after it went into a payout (negative: owed back). */
    adjustments_cents: c.adjustmentsCents,
    /** What it is worth now: amount plus adjustments (0 once reversed or voided). */
    net_amount_cents: c.status === 'voided' ? 0 : c.amountCents + c.adjustmentsCents,
    reversal_reason: c.reason,
    review_reason: c.reviewReason,
    reviewed_at: iso(c.reviewedAt),
    terms: c.terms,
    hold_ends_at: c.holdEndsAt.toISOString(),
    approved_at: iso(c.approvedAt),
    voided_at: iso(c.voidedAt),
    void_reason: c.voidReason,
    payout_id: c.payoutId,
    paid_at: iso(c.paidAt),
    created_at: c.createdAt.toISOString(),
    updated_at: c.updatedAt.toISOString(),
  };
}

export function commissionEvent(type: CommissionEventType, c: CommissionRecord, now: Date): { subject: string; id: string; payload: CommissionEvent } {
  const id = newId();
  return {
    subject: type,
    id,
    payload: { id, type, api_version: 'v1', workspace_id: c.workspaceId, mode: c.mode, created_at: now.toISOString(), commission: presentCommission(c) },
  };
}
