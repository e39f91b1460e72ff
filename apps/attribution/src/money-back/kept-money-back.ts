import { DisputeStatus } from '@app/domain';
import { rowMapping } from '@app/persistence';

/**
 * A refund or dispute (or an InvoicePayment) whose sale is not known yet, kept until it is (then
 * applied, outcome `refund_applied`) or until its wait ends (outcome `no_sale`).
 */
export interface KeptMoneyBack {
  eventId: string;
  /** The ids the event named (PaymentIntent, Charge, invoice): its sale is found through them once it is linked. */
  paymentIds: string[];
  refundedAmountCents: number | null;
  disputeStatus: DisputeStatus | null;
  /** When the event arrived: its wait counts from here. */
  receivedAt: Date;
}

/** The kept event's columns (besides workspace_id and mode), the one mapping of `attribution.kept_money_back`. */
export const keptMoneyBackRows = rowMapping<KeptMoneyBack>(
  {
    eventId: 'event_id',
    paymentIds: 'payment_ids',
    refundedAmountCents: 'refunded_amount_cents',
    disputeStatus: 'dispute_status',
    receivedAt: 'received_at',
  },
  { refundedAmountCents: 'number', receivedAt: 'date' },
);
