import type { Mode } from '@app/domain';
import type { CheckoutSessionFacts } from '../../stripe/checkout-session';

export interface AttributeCheckoutCommand {
  workspaceId: string;
  mode: Mode;
  eventId: string;
  eventType: string;
  /** When Stripe created the event: the moment of the sale, for the attribution window. */
  eventCreatedAt: Date;
  session: CheckoutSessionFacts;
  /** How often this event has been delivered; bounds how long we wait for a click in flight. */
  deliveryCount: number;
}
