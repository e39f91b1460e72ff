import type { ConversionEvent } from './attribution';
import type { CommissionEvent, PayoutEvent } from './commissions';
import type { Mode } from './mode';

/**
 * The event types an endpoint can subscribe to. `webhook.test` is sent only on demand. The
 * commission and payout events are the commissions service's, delivered by attribution's webhooks.
 */
export const WEBHOOK_EVENT_TYPES = [
  'conversion.created',
  'conversion.updated',
  'commission.created',
  'commission.updated',
  'payout.created',
  'payout.paid',
] as const;

export const MAX_WEBHOOK_ENDPOINTS_PER_MODE = 10;

/** The ping a merchant sends to check an endpoint; shaped like every other event. */
export interface WebhookTestEvent {
  id: string;
  type: 'webhook.test';
  api_version: 'v1';
  workspace_id: string;
  mode: Mode;
  created_at: string;
  webhook_endpoint_id: string;
}

/** What a receiver gets: `conversion.*`, `commission.*` and `payout.*` events exactly as on NATS, or the test ping. */
export type WebhookEvent = ConversionEvent | CommissionEvent | PayoutEvent | WebhookTestEvent;

/** The JetStream message that drives one delivery; `generation` changes on each manual redelivery. */
export interface WebhookDeliveryDue {
  delivery_id: string;
  generation: number;
}
