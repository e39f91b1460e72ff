import type { CheckoutSessionFacts } from '../../stripe/checkout-session';
import type { StripeEventCommand } from '../../sales/stripe-event-batcher';

/** `checkout.session.completed`, `.async_payment_succeeded` or `.async_payment_failed`. */
export interface AttributeCheckoutCommand extends StripeEventCommand {
  session: CheckoutSessionFacts;
}
