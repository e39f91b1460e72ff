import { Inject, Injectable } from '@nestjs/common';
import { NatsClient } from '@app/messaging';
import { ConversionEvent, ConversionEventType, ConversionStatus, newId, Subjects } from '@app/domain';
import { AttributionTransaction, UnattributedInvoice } from '../attribution.store';
import { OutboxMessage } from '../outbox/outbox-relay';
import { ConversionRecord, presentConversion } from '../conversions/conversion-record';

/**
 * A conversion as a use case describes it; the transaction supplies its id, workspace and mode.
 * Stripe sales leave out the Conversion API's fields.
 */
export type SaleDraft = Omit<ConversionRecord, 'id' | 'workspaceId' | 'mode' | 'createdAt' | 'source' | 'eventType' | 'externalTransactionId'> &
  Partial<Pick<ConversionRecord, 'source' | 'eventType' | 'externalTransactionId'>>;

/**
 * Every change to conversions goes through here, so each one is announced on NATS (through the
 * outbox, in the same transaction) and every new binding claims the renewals it explains.
 */
@Injectable()
export class SaleRecorder {
  constructor(@Inject(NatsClient) private readonly nats: NatsClient) {}

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

  async settlePending(tx: AttributionTransaction, conversionId: string, status: ConversionStatus): Promise<ConversionRecord | null> {
    const conversion = await tx.settlePendingConversion(conversionId, status);
    if (conversion) await tx.enqueue(this.announcement('conversion.updated', conversion));
    return conversion;
  }

  /**
   * Binds the paying customer to the conversion's partner (the first binding stands for good) and
   * turns the customer's invoices that arrived before the binding, but were paid after the sale,
   * into renewals: the result is the same whatever order Stripe delivered the events in.
   */
  async bindCustomer(tx: AttributionTransaction, customerId: string, conversion: ConversionRecord): Promise<void> {
    const bound = await tx.bindCustomer(customerId, conversion.partnerId, conversion.id, conversion.occurredAt);
    if (!bound) return;
    for (const invoice of await tx.takeRenewalsOf(customerId, conversion.occurredAt)) {
      const renewal = await this.record(tx, renewalOf(invoice, conversion.partnerId));
      if (renewal) await tx.settleEvent(invoice.sourceEventId, 'attributed', `renewal claimed when customer ${customerId} was bound to a partner`, renewal.id);
    }
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
