import type { InvoiceFacts } from '../../stripe/invoice';
import type { StripeEventCommand } from '../../sales/stripe-event-batcher';

/** `invoice.paid` */
export interface AttributeInvoiceCommand extends StripeEventCommand {
  invoice: InvoiceFacts;
}
