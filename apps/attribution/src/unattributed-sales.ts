import { rowMapping } from '@app/persistence';

export interface UnattributedInvoice {
  invoiceId: string;
  customerId: string | null;
  subscriptionId: string | null;
  billingReason: string | null;
  amountCents: number;
  /** Tax excluded (see InvoiceFacts); null for invoices kept before it was recorded: the whole amount. */
  commissionableAmountCents: number | null;
  currency: string | null;
  occurredAt: Date;
  sourceEventId: string;
  /** When the invoice's event arrived (JetStream stored it): its wait for a sale of its own counts from here. */
  receivedAt: Date;
}

/** A Checkout Session that credited no partner, kept for a Conversion API report of the same sale. */
export interface UnattributedCheckoutSession {
  checkoutSessionId: string;
  customerId: string | null;
  subscriptionId: string | null;
  invoiceId: string | null;
  amountCents: number;
  currency: string | null;
  occurredAt: Date;
  sourceEventId: string;
}

/** What a Conversion API report of a Stripe sale takes over from the Stripe events kept unattributed. */
export interface UnattributedSale {
  session: UnattributedCheckoutSession | null;
  invoice: UnattributedInvoice | null;
}

/**
 * The kept invoice's columns (besides workspace_id and mode), the one mapping every statement on
 * `attribution.unattributed_invoices` uses; conversion-columns.medium-spec.ts checks it against the table.
 */
export const unattributedInvoiceRows = rowMapping<UnattributedInvoice>(
  {
    invoiceId: 'stripe_invoice_id',
    customerId: 'stripe_customer_id',
    subscriptionId: 'stripe_subscription_id',
    billingReason: 'billing_reason',
    amountCents: 'amount_cents',
    commissionableAmountCents: 'commissionable_amount_cents',
    currency: 'currency',
    occurredAt: 'occurred_at',
    sourceEventId: 'source_event_id',
    receivedAt: 'received_at',
  },
  { amountCents: 'number', commissionableAmountCents: 'number', occurredAt: 'date', receivedAt: 'date' },
);

/** The kept Checkout Session's columns (besides workspace_id and mode), as for invoices. */
export const unattributedSessionRows = rowMapping<UnattributedCheckoutSession>(
  {
    checkoutSessionId: 'stripe_checkout_session_id',
    customerId: 'stripe_customer_id',
    subscriptionId: 'stripe_subscription_id',
    invoiceId: 'stripe_invoice_id',
    amountCents: 'amount_cents',
    currency: 'currency',
    occurredAt: 'occurred_at',
    sourceEventId: 'source_event_id',
  },
  { amountCents: 'number', occurredAt: 'date' },
);
