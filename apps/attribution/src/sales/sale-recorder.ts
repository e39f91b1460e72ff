import { Inject, Injectable } from '@nestjs/common';
import { NatsClient } from '@app/messaging';
import { ConversionEvent, ConversionEventType, ConversionStatus, newId, Subjects } from '@app/domain';
import { AttributionTransaction, RenewalClaim, StripeSaleIds } from '../attribution-transaction';
import { UnattributedInvoice } from '../unattributed-sales';
import { ATTRIBUTION_CONFIG, AttributionConfig } from '../config';
import { OutboxMessage } from '../outbox/outbox-relay';
import { renewalsFrom } from '../retention/unattributed-invoice-window';
import { ConversionRecord, presentConversion } from '../conversions/conversion-record';
import { mergeMoneyBack, MoneyBackChange, sameMoneyBack } from '../money-back/money-back';
import type { SqlAttributionTransaction } from '../sql-attribution-transaction';

/**
 * A conversion as a use case describes it; the transaction supplies its id, workspace and mode.
 * Stripe sales leave out the Conversion API's fields.
 */
export type SaleDraft = Omit<
  ConversionRecord,
  | 'id'
  | 'workspaceId'
  | 'mode'
  | 'createdAt'
  | 'source'
  | 'eventType'
  | 'externalTransactionId'
  | 'refundedAmountCents'
  | 'disputeStatus'
  | 'customerEmail'
  | 'initialConversionId'
  | 'initialOccurredAt'
> &
  Partial<Pick<ConversionRecord, 'source' | 'eventType' | 'externalTransactionId' | 'customerEmail' | 'initialConversionId' | 'initialOccurredAt'>>;

/** The sale a renewal renews: the conversion of the binding, or of the subscription's sale, it is credited through. */
export interface InitialSale {
  conversionId: string;
  occurredAt: Date;
  /** Its referral token, which the renewal inherits. */
  referralToken: string | null;
}

/**
 * A sale's insert met the unique key of a conversion that a concurrent transaction (the Conversion
 * API, another replica) committed after this one looked: the decision is made again, and then reads
 * that conversion, exactly as it would have had the two come one after the other.
 */
export class ConcurrentSaleError extends Error {
  constructor(what: string) {
    super(`${what} was recorded by a concurrent transaction; deciding again`);
    this.name = 'ConcurrentSaleError';
  }
}

/**
 * Every change to conversions goes through here, so each one is announced on NATS (through the
 * outbox, in the same transaction) and every new binding claims the renewals it explains.
 */
@Injectable()
export class SaleRecorder {
  constructor(
    private readonly nats: NatsClient,
    @Inject(ATTRIBUTION_CONFIG) private readonly config: AttributionConfig,
  ) {}

  /** The stored conversion, or null when the sale is already counted. */
  async record(tx: AttributionTransaction, draft: SaleDraft): Promise<ConversionRecord | null> {
    const conversion: ConversionRecord = {
      source: 'stripe',
      eventType: 'sale',
      externalTransactionId: null,
      customerEmail: null,
      initialConversionId: null,
      initialOccurredAt: null,
      ...draft,
      // Money comes back to a conversion once it exists (ApplyMoneyBackUseCase), never with its sale.
      refundedAmountCents: 0,
      disputeStatus: null,
      id: newId(),
      workspaceId: tx.workspaceId,
      mode: tx.mode,
      createdAt: new Date(),
    };
    return tx.insertConversion(conversion, this.announcement('conversion.created', conversion));
  }

  /** `record` for a sale the decision found uncounted: a conflict means a concurrent transaction won it. */
  async recordNew(tx: AttributionTransaction, draft: SaleDraft, what: string): Promise<ConversionRecord> {
    const conversion = await this.record(tx, draft);
    if (!conversion) throw new ConcurrentSaleError(what);
    return conversion;
  }

  /** Invoices that arrived before this moment have waited for a sale of their own (OWN_SALE_WAIT_SECONDS), and none came. */
  waitedBefore(now = new Date()): Date {
    return new Date(now.getTime() - this.config.OWN_SALE_WAIT_SECONDS * 1000);
  }

  /** When an invoice that arrived at `arrivedAt` stops waiting for a sale of its own. */
  waitEndsAt(arrivedAt: Date): Date {
    return new Date(arrivedAt.getTime() + this.config.OWN_SALE_WAIT_SECONDS * 1000);
  }

  /** Marks the later of two conversions of one sale duplicate, announced; the earlier one stands. */
  async supersede(tx: AttributionTransaction, a: ConversionRecord, b: ConversionRecord): Promise<ConversionRecord> {
    const [first, later] = a.createdAt <= b.createdAt ? [a, b] : [b, a];
    const marked = await tx.markDuplicate(later.id, first);
    if (marked) await tx.enqueue(this.announcement('conversion.updated', marked));
    return first;
  }

  async settlePending(tx: AttributionTransaction, conversionId: string, status: ConversionStatus): Promise<ConversionRecord | null> {
    const conversion = await tx.settlePendingConversion(conversionId, status);
    if (conversion) await tx.enqueue(this.announcement('conversion.updated', conversion));
    return conversion;
  }

  /**
   * A Stripe event of a sale already counted without all its Stripe ids (reported through the
   * Conversion API first, or counted from its invoice before its Checkout Session came): the
   * conversion learns the ids it lacked (announced as `conversion.updated`), the session's invoice
   * kept unattributed is counted with it, and the customer is bound from Stripe's moment of the sale,
   * so the result is the one of the other order.
   */
  async completeSale(tx: AttributionTransaction, counted: ConversionRecord, ids: StripeSaleIds, soldAt: Date): Promise<void> {
    const lacks =
      (ids.customerId && !counted.stripeCustomerId) ||
      (ids.subscriptionId && !counted.stripeSubscriptionId) ||
      (ids.invoiceId && !counted.stripeInvoiceId) ||
      (ids.checkoutSessionId && !counted.stripeCheckoutSessionId);
    const completed = lacks ? await tx.completeStripeIds(counted.id, ids) : null;
    if (completed) await tx.enqueue(this.announcement('conversion.updated', completed));
    if (ids.checkoutSessionId && ids.invoiceId && ids.invoiceId !== counted.stripeInvoiceId) {
      const kept = await tx.dropUnattributedInvoice(ids.invoiceId);
      if (kept) await tx.settleEvent(kept.sourceEventId, 'already_counted', `counted with checkout session ${ids.checkoutSessionId}`, counted.id);
    }
    const sale = { ...counted, stripeSubscriptionId: counted.stripeSubscriptionId ?? ids.subscriptionId, occurredAt: soldAt };
    if (counted.source === 'api' && counted.status === 'converted' && ids.customerId) await this.bindCustomer(tx, ids.customerId, sale);
  }

  /**
   * Binds the paying customer to the sale's partner (the first binding stands for good) and turns
   * the kept invoices the sale explains into renewals, so the result is the same whatever order
   * Stripe delivered the events in: those of the sale's subscription, whoever the customer is bound
   * to (renewals follow the sale of their own subscription), and, for a new binding, those that
   * waited for a sale of their own and saw none.
   */
  async bindCustomer(tx: AttributionTransaction, customerId: string, conversion: ConversionRecord): Promise<void> {
    const subscriptionId = conversion.stripeSubscriptionId;
    const bound = await tx.bindCustomer(customerId, {
      partnerId: conversion.partnerId,
      conversionId: conversion.id,
      boundFrom: conversion.occurredAt,
      subscriptionId,
      referralToken: conversion.referralToken,
    });
    if (!bound && !subscriptionId) return;
    // An existing binding keeps the invoices that waited: only this sale's own subscription's are its.
    const waitedBefore = bound ? this.waitedBefore() : new Date(0);
    const when = bound ? `when customer ${customerId} was bound to a partner` : `by the sale of subscription ${subscriptionId}`;
    const initial = { conversionId: conversion.id, occurredAt: conversion.occurredAt, referralToken: conversion.referralToken };
    await this.claimRenewals(tx, customerId, conversion.partnerId, initial, { subscriptionId, waitedBefore }, when);
  }

  /**
   * Counts the customer's kept invoices from the initial sale on that `claim` takes as the partner's
   * renewals, credited through `initial` (the binding's conversion).
   */
  async claimRenewals(
    tx: AttributionTransaction,
    customerId: string,
    partnerId: string,
    initial: InitialSale,
    claim: RenewalClaim,
    when: string,
  ): Promise<number> {
    let claimed = 0;
    const kept = renewalsFrom(initial.occurredAt, this.config.UNATTRIBUTED_INVOICE_RETENTION_DAYS);
    for (const invoice of await tx.takeRenewalsOf(customerId, kept, claim)) {
      const renewal = await this.record(tx, renewalOf(invoice, partnerId, initial));
      if (renewal) await tx.settleEvent(invoice.sourceEventId, 'attributed', `renewal claimed ${when}`, renewal.id);
      if (renewal) claimed++;
    }
    return claimed;
  }

  /**
   * Money coming back to a conversion (locked by the caller): merged by the one rule (refunds only
   * grow, disputes only move forward), stored and announced as `conversion.updated` when it changed
   * anything. Returns the conversion as it now is. Only the SQL path applies money coming back.
   */
  async applyMoneyBack(
    tx: Pick<SqlAttributionTransaction, 'setMoneyBack' | 'enqueue'>,
    conversion: ConversionRecord,
    change: MoneyBackChange,
  ): Promise<{ conversion: ConversionRecord; changed: boolean }> {
    const next = mergeMoneyBack(conversion, change, conversion.amountCents);
    if (sameMoneyBack(next, conversion)) return { conversion, changed: false };
    const updated = await tx.setMoneyBack(conversion.id, next);
    await tx.enqueue(this.announcement('conversion.updated', updated));
    return { conversion: updated, changed: true };
  }

  private announcement(type: ConversionEventType, conversion: ConversionRecord): OutboxMessage {
    const event: ConversionEvent = {
      id: newId(),
      type,
      api_version: 'v1',
      workspace_id: conversion.workspaceId,
      mode: conversion.mode,
      created_at: new Date().toISOString(),
      conversion: presentConversion(conversion),
    };
    // The full subject, namespace included: a relay of another deployment sharing this database
    // may publish the row, and the subject alone decides which stream it lands in.
    return { subject: this.nats.subject(Subjects.conversionEvent(type)), msgId: event.id, payload: event };
  }
}

export function renewalOf(invoice: UnattributedInvoice, partnerId: string, initial: InitialSale): SaleDraft {
  return {
    commissionableAmountCents: invoice.commissionableAmountCents ?? invoice.amountCents,
    initialConversionId: initial.conversionId,
    initialOccurredAt: initial.occurredAt,
    partnerId,
    clickId: null,
    // A renewal is credited through its initial sale: it counts for the link that sale came through.
    referralToken: initial.referralToken,
    promoCode: null,
    kind: 'renewal',
    status: 'converted',
    amountCents: invoice.amountCents,
    currency: invoice.currency,
    sourceEventId: invoice.sourceEventId,
    stripeCustomerId: invoice.customerId,
    stripeSubscriptionId: invoice.subscriptionId,
    stripeInvoiceId: invoice.invoiceId,
    stripeCheckoutSessionId: null,
    occurredAt: invoice.occurredAt,
  };
}
