export interface Endpoint {
  id: string;
  url: string;
  description: string | null;
  enabled_events: string[];
  status: 'enabled' | 'disabled';
  /** whsec_…: only in the answer to creation and rotation. */
  secret?: string;
  created_at: string;
  updated_at: string;
}

export interface Delivery {
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  status: 'pending' | 'succeeded' | 'failed';
  next_attempt_at: string | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: string;
  completed_at: string | null;
  attempts: Array<{ attempted_at: string; duration_ms: number; status_code: number | null; error: string | null; response_excerpt: string | null }>;
}

export const EVENT_TYPES = ['conversion.created', 'conversion.updated', 'commission.created', 'commission.updated', 'payout.created', 'payout.paid'];

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'];
