import { ClickId, PartnerId, WorkspaceId } from './ids';
import { Mode } from './mode';

/** Published by tracking once a click is registered; the click exists once this is stored. */
export interface ClickRecordedEvent {
  click_id: ClickId;
  workspace_id: WorkspaceId;
  mode: Mode;
  partner_id: PartnerId;
  referral_token: string;
  /** ISO 8601 */
  clicked_at: string;
  /** ISO 8601; the end of the program's attribution window for this click. */
  expires_at: string;
  source: 'snippet' | 'redirect';
  // No user agent, referrer or landing URL: nothing reads them, and the stream keeps clicks for
  // longer than the longest attribution window (README, "What is kept, and for how long").
}

/** Published by tracking when a promo code is given to a partner (and again at every start-up). */
export interface PromoCodeAssignedEvent {
  workspace_id: WorkspaceId;
  mode: Mode;
  /** Upper case. */
  code: string;
  partner_id: PartnerId;
  /** ISO 8601 */
  assigned_at: string;
}

/**
 * A verified Stripe event as the gateway stored it. `event` is Stripe's object untouched:
 * its shape follows the endpoint's API version, so consumers read every version.
 */
export interface StripeEventReceived {
  workspace_id: WorkspaceId;
  mode: Mode;
  /** ISO 8601, when the gateway accepted it. */
  received_at: string;
  event: StripeEventEnvelope;
}

export interface StripeEventEnvelope {
  id: string;
  type: string;
  livemode: boolean;
  created: number;
  api_version?: string | null;
  data: { object: Record<string, unknown> };
  [key: string]: unknown;
}

/**
 * The Stripe event types the product reads. Every other type is acknowledged by the gateway
 * and dropped there.
 */
export const ATTRIBUTED_STRIPE_EVENT_TYPES = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'invoice.paid',
  // Money coming back (issue 17): refunds, disputes, and from basil on the link from an invoice to its PaymentIntent.
  'charge.refunded',
  'charge.dispute.created',
  'charge.dispute.updated',
  'charge.dispute.closed',
  'invoice_payment.paid',
] as const;
export type AttributedStripeEventType = (typeof ATTRIBUTED_STRIPE_EVENT_TYPES)[number];

export function isAttributedStripeEventType(type: string): type is AttributedStripeEventType {
  return (ATTRIBUTED_STRIPE_EVENT_TYPES as readonly string[]).includes(type);
}
