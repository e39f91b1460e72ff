import { ConversionStatus, Mode, StripeEventOutcome } from '@app/domain';
import { rowMapping } from '@app/persistence';
import { ConversionRecord } from './conversions/conversion-record';
import { OutboxMessage } from './outbox/outbox-relay';
import { UnattributedCheckoutSession, UnattributedInvoice } from './unattributed-sales';

export interface KnownClick {
  clickId: string;
  partnerId: string;
  clickedAt: Date;
  expiresAt: Date;
}

export interface ClaimedEvent {
  workspaceId: string;
  eventId: string;
  mode: Mode;
  type: string;
  stripeCreatedAt: Date;
}

export interface CustomerBinding {
  partnerId: string;
  conversionId: string;
  boundFrom: Date;
}

/** The Stripe objects of one sale, as far as an event names them. */
export interface StripeSaleIds {
  customerId: string | null;
  subscriptionId: string | null;
  invoiceId: string | null;
  checkoutSessionId: string | null;
}

/**
 * What a decision may read and write, inside one database transaction. Two implementations: the
 * SQL one below (a statement per call), and the group one (`sales/group-commit`), which answers
 * from rows read for a whole group of events at once and writes them back together.
 */
export interface AttributionTransaction {
  readonly workspaceId: string;
  readonly mode: Mode;
  settleEvent(eventId: string, outcome: StripeEventOutcome, detail: string | null, conversionId: string | null): Promise<void>;
  findClicks(clickIds: string[]): Promise<Map<string, KnownClick>>;
  findPromoCodePartner(code: string): Promise<string | null>;
  insertConversion(c: ConversionRecord, announcement: OutboxMessage): Promise<ConversionRecord | null>;
  findConversionFor(sale: { checkoutSessionId?: string | null; invoiceId?: string | null }): Promise<ConversionRecord | null>;
  findConversionByExternalId(externalTransactionId: string): Promise<ConversionRecord | null>;
  existsInOtherMode(signal: { clickId?: string; promoCode?: string }): Promise<boolean>;
  settlePendingConversion(id: string, status: ConversionStatus): Promise<ConversionRecord | null>;
  /** Fills the Stripe ids a conversion lacks (one reported through the Conversion API); null when none was missing. */
  completeStripeIds(id: string, ids: StripeSaleIds): Promise<ConversionRecord | null>;
  findBinding(customerId: string): Promise<CustomerBinding | null>;
  bindCustomer(customerId: string, partnerId: string, conversionId: string, boundFrom: Date): Promise<boolean>;
  keepUnattributedInvoice(invoice: UnattributedInvoice): Promise<void>;
  keepUnattributedSession(session: UnattributedCheckoutSession): Promise<void>;
  /**
   * Removes and returns the customer's unattributed invoices from `from` on that a new binding turns
   * into renewals. One-off invoices (no subscription) paid at or after `oneOffBefore` are left: they may
   * still be claimed by their Checkout Session.
   */
  takeRenewalsOf(customerId: string, from: Date, oneOffBefore: Date): Promise<UnattributedInvoice[]>;
  dropUnattributedInvoice(invoiceId: string): Promise<UnattributedInvoice | null>;
  enqueue(message: OutboxMessage): Promise<void>;
}

/** A binding with the account and customer it belongs to, as `attribution.customer_bindings` stores it. */
export type StoredBinding = CustomerBinding & { workspaceId: string; mode: Mode; customerId: string };

/** The binding's columns, the one mapping the SQL transaction and the group commit use (checked in row-mappings.medium-spec.ts). */
export const bindingRows = rowMapping<StoredBinding>(
  {
    workspaceId: 'workspace_id',
    mode: 'mode',
    customerId: 'stripe_customer_id',
    partnerId: 'partner_id',
    conversionId: 'conversion_id',
    boundFrom: 'bound_from',
  },
  { boundFrom: 'date' },
);

/** A click as a decision reads it, with its account. */
export type StoredClick = KnownClick & { workspaceId: string; mode: Mode };

/** The columns a decision reads of `attribution.clicks` (the referral token is written by the copy only). */
export const clickRows = rowMapping<StoredClick>(
  { workspaceId: 'workspace_id', mode: 'mode', clickId: 'click_id', partnerId: 'partner_id', clickedAt: 'clicked_at', expiresAt: 'expires_at' },
  { clickedAt: 'date', expiresAt: 'date' },
);
