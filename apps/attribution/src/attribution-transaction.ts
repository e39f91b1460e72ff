import { ConversionStatus, Mode, StripeEventOutcome } from '@app/domain';
import { rowMapping } from '@app/persistence';
import { ConversionRecord } from './conversions/conversion-record';
import { OutboxMessage } from './outbox/outbox-relay';
import { UnattributedCheckoutSession, UnattributedInvoice } from './unattributed-sales';

export interface KnownClick {
  clickId: string;
  partnerId: string;
  /** The link clicked: a conversion credited to the click records it. */
  referralToken: string;
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
  /** The subscription the binding's sale started, if it started one: its renewals need no other sale. */
  subscriptionId: string | null;
  /** The binding's sale's referral token, which the renewals it explains inherit (null for bindings made before it was kept). */
  referralToken: string | null;
}

/** The converted initial sale of a subscription, which its renewals follow. */
export interface SaleOfSubscription {
  partnerId: string;
  conversionId: string;
  occurredAt: Date;
  referralToken: string | null;
}

/**
 * Which kept invoices a sale's partner takes as renewals: those of the sale's subscription, and those
 * that arrived before `waitedBefore` (they waited for a sale of their own, and none came).
 */
export interface RenewalClaim {
  subscriptionId: string | null;
  waitedBefore: Date;
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
  /** Fills the Stripe ids a conversion lacks; null when it changed nothing. */
  completeStripeIds(id: string, ids: StripeSaleIds): Promise<ConversionRecord | null>;
  /**
   * A second conversion of one sale (each path counted it before it knew of the other) is marked
   * duplicate; a customer bound by it is bound by the conversion that stands instead.
   */
  markDuplicate(id: string, standing: ConversionRecord): Promise<ConversionRecord | null>;
  findSaleOfSubscription(subscriptionId: string): Promise<SaleOfSubscription | null>;
  findBinding(customerId: string): Promise<CustomerBinding | null>;
  /** Binds a Stripe customer to a partner for renewals; true when this call made the (first, lasting) binding. */
  bindCustomer(customerId: string, binding: CustomerBinding): Promise<boolean>;
  keepUnattributedInvoice(invoice: UnattributedInvoice): Promise<void>;
  keepUnattributedSession(session: UnattributedCheckoutSession): Promise<void>;
  /** Removes and returns the customer's kept invoices, paid from `from` on (no first invoice of a subscription), that `claim` takes. */
  takeRenewalsOf(customerId: string, from: Date, claim: RenewalClaim): Promise<UnattributedInvoice[]>;
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
    subscriptionId: 'stripe_subscription_id',
    referralToken: 'referral_token',
  },
  { boundFrom: 'date' },
);

/** A click as a decision reads it, with its account. */
export type StoredClick = KnownClick & { workspaceId: string; mode: Mode };

/** The columns a decision reads of `attribution.clicks` (written by the copy only). */
export const clickRows = rowMapping<StoredClick>(
  {
    workspaceId: 'workspace_id',
    mode: 'mode',
    clickId: 'click_id',
    partnerId: 'partner_id',
    referralToken: 'referral_token',
    clickedAt: 'clicked_at',
    expiresAt: 'expires_at',
  },
  { clickedAt: 'date', expiresAt: 'date' },
);
