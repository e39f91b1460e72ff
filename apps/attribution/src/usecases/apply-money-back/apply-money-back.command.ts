import type { StripeEventCommand } from '../../sales/stripe-event-batcher';
import type { MoneyBackChange, PaymentLink } from '../../money-back/money-back';

/**
 * Money coming back from Stripe (`charge.refunded`, `charge.dispute.*`), or the link that tells whose
 * it is (`invoice_payment.paid`): what the event says, and the payment it says it of.
 */
export interface ApplyMoneyBackCommand extends StripeEventCommand {
  /** The ids the event names (PaymentIntent, Charge, invoice), through which its sale is found. */
  paymentIds: string[];
  change: MoneyBackChange;
  /** Links the event states (a pre-basil Charge's invoice, an InvoicePayment): recorded whatever else happens. */
  links: PaymentLink[];
  /** In words, for the event's outcome: e.g. `refund of charge ch_1 (1500 refunded in all)`. */
  what: string;
}
