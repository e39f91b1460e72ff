import type { Mode } from './mode';

/** Where a commission stands; see the commissions service's lifecycle. */
export const COMMISSION_STATUSES = ['pending', 'on_hold', 'in_review', 'approved', 'paid', 'reversed', 'voided'] as const;
export type CommissionStatus = (typeof COMMISSION_STATUSES)[number];

export const PAYOUT_STATUSES = ['draft', 'paid', 'cancelled'] as const;
export type PayoutStatus = (typeof PAYOUT_STATUSES)[number];

/** Published by tracking when a partner is created or changed (and again at every start-up): consumers upsert. */
export interface PartnerUpsertedEvent {
  workspace_id: string;
  mode: Mode;
  partner_id: string;
  name: string;
  /** As the merchant entered it; consumers normalise (trim, lower-case) before comparing. */
  email: string | null;
  /** Where the partner wants to be paid, when not at `email` (the payout CSV uses it); absent from older publishers. */
  payout_email?: string | null;
  /** The partner's own reference for their payouts (an account name, an invoice number), up to 200 characters. */
  payout_reference?: string | null;
  /** ISO 8601 */
  updated_at: string;
}

export type CommissionEventType = 'commission.created' | 'commission.updated';
export type PayoutEventType = 'payout.created' | 'payout.paid';

/**
 * What the commissions service publishes (on NATS, and through the outgoing webhooks). Shaped like
 * `ConversionEvent`: a unique id to deduplicate on, and the object as the API returns it.
 */
export interface CommissionEvent {
  id: string;
  type: CommissionEventType;
  api_version: 'v1';
  workspace_id: string;
  mode: Mode;
  /** ISO 8601 */
  created_at: string;
  commission: Record<string, unknown> & { id: string; object: 'commission'; status: CommissionStatus };
}

export interface PayoutEvent {
  id: string;
  type: PayoutEventType;
  api_version: 'v1';
  workspace_id: string;
  mode: Mode;
  /** ISO 8601 */
  created_at: string;
  payout: Record<string, unknown> & { id: string; object: 'payout'; status: PayoutStatus };
}
