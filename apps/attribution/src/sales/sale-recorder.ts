import { Inject, Injectable } from '@nestjs/common';
import { NatsClient } from '@app/messaging';
import { ConversionEvent, ConversionEventType, ConversionStatus, newId, Subjects } from '@app/domain';
import { AttributionTransaction, StripeSaleIds } from '../attribution-transaction';
import { UnattributedInvoice } from '../unattributed-sales';
import { ATTRIBUTION_CONFIG, AttributionConfig } from '../config';
import { OutboxMessage } from '../outbox/outbox-relay';
import { renewalsFrom } from '../retention/unattributed-invoice-window';
import { ConversionRecord, presentConversion } from '../conversions/conversion-record';

/**
 * A conversion as a use case describes it; the transaction supplies its id, workspace and mode.
 * Stripe sales leave out the Conversion API's fields.
 */
export type SaleDraft = Omit<ConversionRecord, 'id' | 'workspaceId' | 'mode' | 'createdAt' | 'source' | 'eventType' | 'externalTransactionId'> &
  Partial<Pick<ConversionRecord, 'source' | 'eventType' | 'externalTransactionId'>>;

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
    @Inject(NatsClient) private readonly nats: NatsClient,
    @Inject(ATTRIBUTION_CONFIG) private readonly config: AttributionConfig,
  ) {}

  /** The stored conversion, or null when the sale is already counted. */
  async record(tx: AttributionTransaction, draft: SaleDraft): Promise<ConversionRecord | null> {
    const conversion: ConversionRecord = {
      source: 'stripe',
      eventType: 'sale',
      externalTransactionId: null,
      ...draft,
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

  /** One-off invoices paid at or after this moment may still be claimed by their Checkout Session. */
  oneOffClaimableBefore(now = new Date()): Date {
    return new Date(now.getTime() - this.config.CHECKOUT_CLAIM_WINDOW_SECONDS * 1000);
  }

  /** When a one-off invoice paid at `paidAt` stops waiting for its Checkout Session. */
  checkoutClaimEndsAt(paidAt: Date): Date {
    return new Date(paidAt.getTime() + this.config.CHECKOUT_CLAIM_WINDOW_SECONDS * 1000);
  }

  async settlePending(tx: AttributionTransaction, conversionId: string, status: ConversionStatus): Promise<ConversionRecord | null> {
    const conversion = await tx.settlePendingConversion(conversionId, status);
    if (conversion) await tx.enqueue(this.announcement('conversion.updated', conversion));
    return conversion;
  }

  /**
   * A Stripe event of a sale the merchant reported through the Conversion API first: the conversion
   * learns the Stripe ids it lacked (announced as `conversion.updated`), the session's invoice kept
   * unattributed is counted with it, and the customer is bound from Stripe's moment of the sale, so
   * the result is the one of the other order.
   */
  async adoptReportedSale(tx: AttributionTransaction, reported: ConversionRecord, ids: StripeSaleIds, soldAt: Date): Promise<void> {
    const completed = await tx.completeStripeIds(reported.id, ids);
    if (completed) await tx.enqueue(this.announcement('conversion.updated', completed));
    if (ids.checkoutSessionId && ids.invoiceId && ids.invoiceId !== reported.stripeInvoiceId) {
      const kept = await tx.dropUnattributedInvoice(ids.invoiceId);
      const detail = `counted with the Conversion API report ${reported.externalTransactionId}`;
      if (kept) await tx.settleEvent(kept.sourceEventId, 'attributed', detail, reported.id);
    }
    const sale = { ...reported, stripeSubscriptionId: reported.stripeSubscriptionId ?? ids.subscriptionId, occurredAt: soldAt };
    if (reported.status === 'converted' && ids.customerId) await this.bindCustomer(tx, ids.customerId, sale);
  }

  /**
   * Binds the paying customer to the partner of a subscription's sale (the first binding stands for
   * good) and turns the customer's invoices that arrived before the binding, but were paid after the
   * sale, into renewals: the result is the same whatever order Stripe delivered the events in.
   * A one-off sale (no subscription) binds no one: renewals follow the subscription a partner sold, as
   * the seed describes, and a customer's one-off purchase through another partner, delivered before
   * the subscription's sale, cannot take its renewals.
   */
  async bindCustomer(tx: AttributionTransaction, customerId: string, conversion: ConversionRecord): Promise<void> {
    if (!conversion.stripeSubscriptionId) return;
    const bound = await tx.bindCustomer(customerId, conversion.partnerId, conversion.id, conversion.occurredAt);
    if (bound) await this.claimRenewals(tx, customerId, conversion.partnerId, conversion.occurredAt, `when customer ${customerId} was bound to a partner`);
  }

  /** Counts the customer's kept invoices from `from` on (those a Checkout Session may still claim excepted) as the partner's renewals. */
  async claimRenewals(tx: AttributionTransaction, customerId: string, partnerId: string, from: Date, when: string): Promise<number> {
    let claimed = 0;
    const kept = renewalsFrom(from, this.config.UNATTRIBUTED_INVOICE_RETENTION_DAYS);
    for (const invoice of await tx.takeRenewalsOf(customerId, kept, this.oneOffClaimableBefore())) {
      const renewal = await this.record(tx, renewalOf(invoice, partnerId));
      if (renewal) await tx.settleEvent(invoice.sourceEventId, 'attributed', `renewal claimed ${when}`, renewal.id);
      if (renewal) claimed++;
    }
    return claimed;
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

export function renewalOf(invoice: UnattributedInvoice, partnerId: string): SaleDraft {
  return {
    partnerId,
    clickId: null,
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
