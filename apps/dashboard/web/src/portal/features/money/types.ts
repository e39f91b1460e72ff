export interface PortalCommission {
  id: string;
  conversion_id: string;
  status: string;
  amount_cents: number;
  net_amount_cents: number;
  currency: string;
  hold_ends_at: string | null;
  approved_at: string | null;
  paid_at: string | null;
  payout_id: string | null;
  created_at: string;
}

export interface PortalPayout {
  id: string;
  status: 'draft' | 'paid' | 'cancelled';
  currency: string;
  amount_cents: number;
  line_count?: number;
  reference: string | null;
  period_start?: string;
  period_end?: string;
  created_at: string;
  paid_at: string | null;
  lines?: Array<{ type: 'commission' | 'adjustment'; commission_id: string | null; adjustment_id: string | null; amount_cents: number }>;
}

export interface PayoutDetails {
  payout_email: string | null;
  payout_reference: string | null;
}

/** The commissions' statuses as a partner reads them. */
export const COMMISSION_STATUS_HELP: Record<string, string> = {
  pending: 'waiting for the hold to end',
  on_hold: 'waiting for the hold to end',
  in_review: 'being checked by the merchant',
  approved: 'to be paid in the next payout',
  paid: '',
  reversed: 'the sale was refunded or disputed',
  voided: 'cancelled by the merchant',
};
