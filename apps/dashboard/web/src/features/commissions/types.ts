export interface Commission {
  id: string;
  status: 'pending' | 'on_hold' | 'in_review' | 'approved' | 'paid' | 'reversed' | 'voided';
  partner_id: string;
  currency: string;
  conversion_id: string;
  amount_cents: number;
  adjustments_cents: number;
  net_amount_cents: number;
  reversal_reason: string | null;
  review_reason: string | null;
  hold_ends_at: string;
  void_reason: string | null;
  payout_id: string | null;
  created_at: string;
}

export interface Payout {
  id: string;
  status: 'draft' | 'paid' | 'cancelled';
  partner_id: string;
  currency: string;
  batch_id: string;
  amount_cents: number;
  line_count: number;
  reference: string | null;
  period_start: string;
  period_end: string;
  created_at: string;
  paid_at: string | null;
  cancelled_at: string | null;
}

export const COMMISSION_STATUSES = ['pending', 'on_hold', 'in_review', 'approved', 'paid', 'reversed', 'voided'];
export const PAYOUT_STATUSES = ['draft', 'paid', 'cancelled'];

/** What can still be decided: approved early, or voided, before it is paid or reversed. */
export const REVIEWABLE = new Set(['pending', 'on_hold', 'in_review']);
export const VOIDABLE = new Set(['pending', 'on_hold', 'in_review', 'approved']);
