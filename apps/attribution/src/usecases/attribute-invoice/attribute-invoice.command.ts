import type { InvoiceFacts } from '../../stripe/invoice';
import type { StripeEventCommand } from '../../sales/stripe-event-ledger';

/** `invoice.paid` */
export interface AttributeInvoiceCommand extends StripeEventCommand {
  invoice: InvoiceFacts;
}
