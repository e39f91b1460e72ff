export interface Conversion {
  id: string;
  mode: 'test' | 'live';
  status: 'pending' | 'converted' | 'expired' | 'duplicate';
  kind: 'initial' | 'renewal';
  source: 'stripe' | 'api';
  event_type: string;
  partner_id: string;
  click_id: string | null;
  promo_code: string | null;
  amount_cents: number;
  currency: string | null;
  source_event_id: string | null;
  external_transaction_id: string | null;
  stripe: { customer: string | null; subscription: string | null; invoice: string | null; checkout_session: string | null };
  commissionable_amount_cents: number;
  refunded_amount_cents: number;
  dispute_status: string | null;
  customer_email: string | null;
  initial_conversion_id: string | null;
  occurred_at: string;
  created_at: string;
}

export const STATUSES = ['pending', 'converted', 'expired', 'duplicate'];
export const KINDS = ['initial', 'renewal'];
export const SOURCES = ['stripe', 'api'];
