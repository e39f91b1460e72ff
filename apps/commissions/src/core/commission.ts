import type { CommissionStatus, ConversionView } from '@app/domain';
import { computeEarning, ConversionFacts, Earning, NoEarningReason } from './calculator';
import { CommissionTerms } from './terms';

/** Why a commission waits for the merchant instead of being approved. */
export type ReviewReason = 'self_referral' | 'high_refund_rate';

/** One commission: one per conversion, kept with the terms it was made with. */
export interface CommissionRecord {
  id: string;
  workspaceId: string;
  mode: 'test' | 'live';
  conversionId: string;
  partnerId: string;
  currency: string;
  terms: CommissionTerms;
  /** The commission's own amount. Fixed once it is in a payout: what changes after is an adjustment. */
  amountCents: number;
  /** What the terms give for the conversion's latest state. */
  earnedCents: number;
  /** Why it earns nothing now (null while it earns). */
  reason: NoEarningReason | null;
  /** The sale's payment is disputed and the dispute is open. */
  disputed: boolean;
  status: CommissionStatus;
  holdEndsAt: Date;
  approvedAt: Date | null;
  reviewReason: ReviewReason | null;
  reviewedAt: Date | null;
  voidedAt: Date | null;
  voidReason: string | null;
  /** The draft or paid payout holding it. */
  payoutId: string | null;
  paidAt: Date | null;
  /** Sum of its adjustments (negative: owed back). amountCents + adjustmentsCents = earnedCents once in a payout. */
  adjustmentsCents: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The conversion as the commissions service keeps it: its latest state. */
export type ConversionCopy = ConversionFacts &
  Pick<ConversionView, 'partner_id' | 'created_at' | 'customer_email' | 'initial_conversion_id'> & { workspace_id: string; mode: 'test' | 'live' };

/**
 * Where a commission stands when nothing locks it: a pure function of its record, so a dispute
 * that closes `won` returns it to where it was (pending, in review or approved).
 */
export function derivedStatus(r: Pick<CommissionRecord, 'reason' | 'disputed' | 'reviewReason' | 'reviewedAt' | 'approvedAt'>): CommissionStatus {
  if (r.reason !== null) return 'reversed';
  if (r.disputed) return 'on_hold';
  if (r.reviewReason !== null && r.reviewedAt === null) return 'in_review';
  if (r.approvedAt !== null) return 'approved';
  return 'pending';
}

/** Whether a change is worth a `commission.updated` (and a write). */
export function differs(a: CommissionRecord, b: CommissionRecord): boolean {
  return (
    a.status !== b.status ||
    a.amountCents !== b.amountCents ||
    a.earnedCents !== b.earnedCents ||
    a.reason !== b.reason ||
    a.disputed !== b.disputed ||
    a.adjustmentsCents !== b.adjustmentsCents ||
    a.reviewReason !== b.reviewReason
  );
}

export interface Settled {
  record: CommissionRecord;
  /** A new adjustment to record (non-zero), for a commission already in a payout. */
  adjustmentCents: number;
}

/**
 * Applies what the conversion now earns. A commission in a payout (draft or paid) keeps its amount:
 * the difference becomes an adjustment, netted from the partner's next payout. A voided commission
 * stays voided.
 */
export function applyEarning(record: CommissionRecord, earning: Earning, now: Date): Settled {
  const next: CommissionRecord = { ...record, earnedCents: earning.amountCents, reason: earning.reason, disputed: earning.disputed };
  let adjustmentCents = 0;
  if (record.payoutId !== null) {
    adjustmentCents = earning.amountCents - record.amountCents - record.adjustmentsCents;
    next.adjustmentsCents += adjustmentCents;
  } else if (record.status !== 'voided') {
    next.amountCents = earning.amountCents - record.adjustmentsCents;
    next.status = derivedStatus(next);
  }
  if (differs(record, next)) next.updatedAt = now;
  return { record: next, adjustmentCents };
}

/** Trimmed and lower-cased, as the contract says consumers compare emails. */
export function normaliseEmail(email: string | null | undefined): string | null {
  const e = email?.trim().toLowerCase();
  return e ? e : null;
}

export function isSelfReferral(customerEmail: string | null, partnerEmail: string | null): boolean {
  const c = normaliseEmail(customerEmail);
  return c !== null && c === normaliseEmail(partnerEmail);
}

export interface ChainMember {
  conversion: ConversionCopy;
  commission: CommissionRecord | null;
  /** The terms in force when the conversion was created (for a conversion without a commission yet); null: no plan then. */
  terms: CommissionTerms | null;
}

export interface ChainContext {
  now: Date;
  newId: () => string;
  partnerEmail: (partnerId: string) => string | null;
}

/**
 * Each conversion's place in its subscription: the initial sale is payment 1, renewals follow by
 * when they occurred (then id), counting those that are not duplicates. Known renewals only: a
 * renewal arriving late moves the later ones down, and their commissions follow.
 */
export function paymentNumbers(conversions: ConversionCopy[]): Map<string, number> {
  const numbers = new Map<string, number>();
  const renewals = conversions
    .filter((c) => c.kind === 'renewal' && c.status !== 'duplicate')
    .sort((a, b) => a.occurred_at.localeCompare(b.occurred_at) || a.id.localeCompare(b.id));
  renewals.forEach((c, i) => numbers.set(c.id, i + 2));
  for (const c of conversions) if (!numbers.has(c.id)) numbers.set(c.id, c.kind === 'initial' ? 1 : Number.MAX_SAFE_INTEGER);
  return numbers;
}

/**
 * Brings every commission of a subscription (the initial sale and its renewals) in line with the
 * latest state of their conversions: the result depends on those states only, not on the order
 * the events came in. A conversion that never earned gets no commission.
 */
export function settleChain(members: ChainMember[], ctx: ChainContext): Array<Settled & { created: boolean }> {
  const numbers = paymentNumbers(members.map((m) => m.conversion));
  const out: Array<Settled & { created: boolean }> = [];
  for (const m of members) {
    const terms = m.commission?.terms ?? m.terms;
    if (!terms) continue;
    const earning = computeEarning(terms, m.conversion, numbers.get(m.conversion.id)!);
    if (m.commission) {
      const settled = applyEarning(m.commission, earning, ctx.now);
      if (differs(m.commission, settled.record) || settled.adjustmentCents !== 0) out.push({ ...settled, created: false });
      continue;
    }
    if (earning.reason !== null) continue;
    const c = m.conversion;
    const record: CommissionRecord = {
      id: ctx.newId(),
      workspaceId: c.workspace_id,
      mode: c.mode,
      conversionId: c.id,
      partnerId: c.partner_id,
      currency: c.currency!.toLowerCase(),
      terms,
      amountCents: earning.amountCents,
      earnedCents: earning.amountCents,
      reason: null,
      disputed: earning.disputed,
      status: 'pending',
      // From the conversion's creation, so the hold does not depend on when the event was read.
      holdEndsAt: new Date(new Date(c.created_at).getTime() + terms.hold_days * 86_400_000),
      approvedAt: null,
      reviewReason: isSelfReferral(c.customer_email, ctx.partnerEmail(c.partner_id)) ? 'self_referral' : null,
      reviewedAt: null,
      voidedAt: null,
      voidReason: null,
      payoutId: null,
      paidAt: null,
      adjustmentsCents: 0,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    };
    record.status = derivedStatus(record);
    out.push({ record, adjustmentCents: 0, created: true });
  }
  return out;
}

/**
 * Whether an event's conversion is newer than the copy kept: `conversion.updated` carries the whole
 * conversion, so only the latest state counts. What a sale's state is made of only moves forward
 * (refunded total, dispute open then closed, status), so the state further along wins; the event's
 * created_at decides only between equal states, since it is the clock of whichever attribution replica
 * published it, and a replica whose clock is behind must not have its refund taken for an old state.
 */
export function isNewerState(
  incoming: { eventCreatedAt: string; refunded: number; dispute: string | null; status: string },
  kept: { eventCreatedAt: string; refunded: number; dispute: string | null; status: string } | null,
): boolean {
  if (!kept) return true;
  const further = progress(incoming) - progress(kept);
  if (further !== 0) return further > 0;
  return Date.parse(incoming.eventCreatedAt) > Date.parse(kept.eventCreatedAt);
}

const DISPUTE_RANK: Record<string, number> = { none: 0, open: 1, won: 2, lost: 3 };
const STATUS_RANK: Record<string, number> = { pending: 0, converted: 1, expired: 2, duplicate: 3 };

function progress(s: { refunded: number; dispute: string | null; status: string }): number {
  return s.refunded * 100 + DISPUTE_RANK[s.dispute ?? 'none'] * 10 + (STATUS_RANK[s.status] ?? 0);
}
