import { Injectable } from '@nestjs/common';
import { ConversionStatus, StripeEventOutcome } from '@app/domain';
import { AttributionTransaction } from '../../attribution-transaction';
import { checkoutClickIdCandidates } from '../../rules/checkout-click-id';
import { SaleRecorder } from '../../sales/sale-recorder';
import { CompleteStreams, SignalResolver } from '../../sales/signal-resolver';
import { Decision, LedgerResult, StripeEventBatcher } from '../../sales/stripe-event-batcher';
import { AttributeCheckoutCommand } from './attribute-checkout.command';

const OUTCOME_BY_STATUS: Record<ConversionStatus, StripeEventOutcome> = {
  converted: 'attributed',
  pending: 'awaiting_payment',
  duplicate: 'payment_failed',
  expired: 'expired',
};

/**
 * A Checkout Session's sale: the seed's click id precedence, the delayed-payment lifecycle
 * (pending until `async_payment_succeeded`, rejected on `async_payment_failed`), and the claim
 * of its first invoice, applied exactly once whatever order the events come in.
 */
@Injectable()
export class AttributeCheckoutUseCase {
  constructor(
    private readonly batcher: StripeEventBatcher,
    private readonly signals: SignalResolver,
    private readonly sales: SaleRecorder,
  ) {}

  execute(command: AttributeCheckoutCommand): Promise<LedgerResult> {
    const { session } = command;
    const candidates = checkoutClickIdCandidates({ client_reference_id: session.clientReferenceId, metadata: session.metadata });
    const reads = { checkoutSessionIds: [session.id], invoiceIds: session.invoiceId ? [session.invoiceId] : [], clickIds: candidates };
    return this.batcher.process(command, session.customerId, reads, (tx, complete) => this.decide(tx, command, candidates, complete), {
      checkout_session_id: session.id,
    });
  }

  /**
   * The conversion of this session's sale, found by the session or by its invoice. Two (each path
   * counted the sale before it knew of the other: a report of the session, and the invoice counted
   * from its own metadata) are one sale: the later is marked duplicate and the earlier stands.
   */
  private async countedSale(tx: AttributionTransaction, { session }: AttributeCheckoutCommand) {
    const bySession = await tx.findConversionFor({ checkoutSessionId: session.id });
    const byInvoice = session.invoiceId ? await tx.findConversionFor({ invoiceId: session.invoiceId }) : null;
    if (bySession && byInvoice && bySession.id !== byInvoice.id) return this.sales.supersede(tx, bySession, byInvoice);
    return bySession ?? byInvoice;
  }

  /** `candidates`: the session's click ids in the seed's order of precedence. */
  private async decide(tx: AttributionTransaction, command: AttributeCheckoutCommand, candidates: string[], complete: CompleteStreams): Promise<Decision> {
    const { session } = command;
    if (session.mode === 'setup') return { outcome: 'not_a_sale', conversionId: null, detail: 'setup mode Checkout Sessions collect no payment' };
    const status = statusOf(command);

    const existing = await this.countedSale(tx, command);
    if (existing) {
      if (existing.status === 'pending' && existing.stripeCheckoutSessionId === session.id && status !== 'pending') {
        const settled = (await this.sales.settlePending(tx, existing.id, status))!;
        if (settled.status === 'converted' && session.customerId) await this.sales.bindCustomer(tx, session.customerId, settled);
        return { outcome: OUTCOME_BY_STATUS[settled.status], conversionId: settled.id, detail: null };
      }
      // Counted before this event came (through the Conversion API, or from its invoice): it learns what it lacked.
      const ids = { customerId: session.customerId, subscriptionId: session.subscriptionId, invoiceId: session.invoiceId, checkoutSessionId: session.id };
      await this.sales.completeSale(tx, existing, ids, command.eventCreatedAt);
      const how = existing.source === 'api' ? 'reported through the Conversion API' : existing.status;
      return { outcome: 'already_counted', conversionId: existing.id, detail: `this sale is already counted (${how})` };
    }

    const click = candidates.length > 0 ? await this.signals.click(tx, candidates, complete) : null;
    if (!click) {
      // Kept, so that a Conversion API report of this session or its invoice can bind the customer.
      if (status !== 'duplicate') await tx.keepUnattributedSession(unattributed(command));
      if (candidates.length === 0) return { outcome: 'no_signal', conversionId: null, detail: 'no click id in client_reference_id or metadata.aff_click_id' };
      return { outcome: 'unknown_click', conversionId: null, detail: `no click ${candidates.join(' or ')} in this workspace's ${command.mode} mode` };
    }

    const expired = command.eventCreatedAt > click.expiresAt;
    const conversion = await this.sales.recordNew(
      tx,
      {
        partnerId: click.partnerId,
        clickId: click.clickId,
        referralToken: click.referralToken,
        promoCode: null,
        kind: 'initial',
        status: expired ? 'expired' : status,
        amountCents: session.amountTotal,
        commissionableAmountCents: session.commissionableCents,
        customerEmail: session.customerEmail,
        currency: session.currency,
        sourceEventId: command.eventId,
        stripeCustomerId: session.customerId,
        stripeSubscriptionId: session.subscriptionId,
        stripeInvoiceId: session.invoiceId,
        stripeCheckoutSessionId: session.id,
        occurredAt: command.eventCreatedAt,
      },
      `checkout session ${session.id}`,
    );

    // The session's invoice may have been paid, and kept unattributed, before this event came.
    if (session.invoiceId) {
      const claimed = await tx.dropUnattributedInvoice(session.invoiceId);
      if (claimed) await tx.settleEvent(claimed.sourceEventId, 'already_counted', `counted with checkout session ${session.id}`, conversion.id);
    }
    if (conversion.status === 'converted' && session.customerId) await this.sales.bindCustomer(tx, session.customerId, conversion);
    const detail = expired ? `click ${click.clickId} expired at ${click.expiresAt.toISOString()}` : null;
    return { outcome: OUTCOME_BY_STATUS[conversion.status], conversionId: conversion.id, detail };
  }
}

function statusOf(command: AttributeCheckoutCommand): ConversionStatus {
  if (command.eventType === 'checkout.session.async_payment_failed') return 'duplicate';
  if (command.eventType === 'checkout.session.async_payment_succeeded') return 'converted';
  return command.session.paymentStatus === 'unpaid' ? 'pending' : 'converted';
}

function unattributed({ session, eventCreatedAt, eventId }: AttributeCheckoutCommand) {
  return {
    checkoutSessionId: session.id,
    customerId: session.customerId,
    subscriptionId: session.subscriptionId,
    invoiceId: session.invoiceId,
    amountCents: session.amountTotal,
    currency: session.currency,
    occurredAt: eventCreatedAt,
    sourceEventId: eventId,
  };
}
