import { Injectable } from '@nestjs/common';
import { AttributionTransaction, CustomerBinding } from '../../attribution-transaction';
import { creditTouch } from '../../rules/credited-touch';
import { InvoiceSignal, invoiceSignal, isFirstInvoiceOfSubscription } from '../../rules/invoice-signal';
import { renewalOf, SaleRecorder } from '../../sales/sale-recorder';
import { CompleteStreams, SignalResolver } from '../../sales/signal-resolver';
import { Decision, LedgerResult, StripeEventBatcher } from '../../sales/stripe-event-batcher';
import { AttributeInvoiceCommand } from './attribute-invoice.command';

/**
 * `invoice.paid`:
 * - a renewal (any invoice but a subscription's first) of a customer bound to a partner goes to
 *   that partner, matched by Stripe Customer ID; when the customer's binding came from another sale
 *   (a one-off purchase, another subscription), the invoice first waits for a sale of its own (its
 *   subscription's sale, or for a one-off invoice the Checkout Session in payment mode it may belong
 *   to): renewals follow the sale that started them, whichever event came first;
 * - an initial invoice without a preceding Checkout Session is attributed from its own
 *   `metadata.aff_click_id` / `metadata.aff_promo_code`; the promo code wins where they disagree;
 * - anything else is kept unattributed, so a later binding or Checkout Session can claim it.
 */
@Injectable()
export class AttributeInvoiceUseCase {
  constructor(
    private readonly batcher: StripeEventBatcher,
    private readonly signals: SignalResolver,
    private readonly sales: SaleRecorder,
  ) {}

  execute(command: AttributeInvoiceCommand): Promise<LedgerResult> {
    const signal = invoiceSignal(command.invoice.metadata);
    const reads = {
      invoiceIds: [command.invoice.id],
      clickIds: signal.clickId ? [signal.clickId] : [],
      promoCodes: signal.promoCode ? [signal.promoCode] : [],
    };
    return this.batcher.process(command, command.invoice.customerId, reads, (tx, complete) => this.decide(tx, command, signal, complete), {
      invoice_id: command.invoice.id,
      billing_reason: command.invoice.billingReason,
      shape: command.invoice.shape,
    });
  }

  /**
   * Whose renewal an invoice of a bound customer is: the partner of its own subscription's sale (the
   * binding's, or another known one); or, once it has waited OWN_SALE_WAIT_SECONDS for a sale of its
   * own (its Checkout Session, its subscription's sale) and none came, the bound partner. Null: it waits.
   */
  private async renewalPartner(tx: AttributionTransaction, { invoice, eventCreatedAt, storedAt }: AttributeInvoiceCommand, binding: CustomerBinding) {
    // The binding starts at its conversion's sale (SaleRecorder.bindCustomer): that sale is the renewal's initial one.
    const bound = { conversionId: binding.conversionId, occurredAt: binding.boundFrom, referralToken: binding.referralToken };
    if (invoice.subscriptionId !== null && invoice.subscriptionId === binding.subscriptionId) {
      return { partnerId: binding.partnerId, initial: bound, why: 'renewal of a customer bound to the partner' };
    }
    const own = invoice.subscriptionId ? await tx.findSaleOfSubscription(invoice.subscriptionId) : null;
    if (own && eventCreatedAt >= own.occurredAt) {
      const initial = { conversionId: own.conversionId, occurredAt: own.occurredAt, referralToken: own.referralToken };
      return { partnerId: own.partnerId, initial, why: `renewal of subscription ${invoice.subscriptionId}, sold by the partner` };
    }
    if (storedAt < this.sales.waitedBefore())
      return { partnerId: binding.partnerId, initial: bound, why: 'renewal of a customer bound to the partner; no sale of its own came' };
    return null;
  }

  private async decide(tx: AttributionTransaction, command: AttributeInvoiceCommand, signal: InvoiceSignal, complete: CompleteStreams): Promise<Decision> {
    const { invoice } = command;
    if (!invoice.paid) return { outcome: 'not_a_sale', conversionId: null, detail: 'the invoice is not paid' };
    const existing = await tx.findConversionFor({ invoiceId: invoice.id });
    if (existing) {
      // A sale the merchant reported through the Conversion API (external_transaction_id = this
      // invoice) learns its customer here and binds it, so the customer's renewals follow the partner.
      // The binding starts at Stripe's moment of the sale, on Stripe's clock, like every renewal it is compared with.
      const ids = { customerId: invoice.customerId, subscriptionId: invoice.subscriptionId, invoiceId: invoice.id, checkoutSessionId: null };
      await this.sales.completeSale(tx, existing, ids, command.eventCreatedAt);
      return {
        outcome: 'already_counted',
        conversionId: existing.id,
        detail: `this invoice is already counted (${existing.source === 'api' ? 'reported through the Conversion API' : existing.kind})`,
      };
    }

    const asUnattributed = {
      invoiceId: invoice.id,
      customerId: invoice.customerId,
      subscriptionId: invoice.subscriptionId,
      billingReason: invoice.billingReason,
      amountCents: invoice.amountPaid,
      commissionableAmountCents: invoice.commissionableCents,
      currency: invoice.currency,
      occurredAt: command.eventCreatedAt,
      sourceEventId: command.eventId,
      receivedAt: command.storedAt,
    };

    if (invoice.customerId && !isFirstInvoiceOfSubscription(invoice.billingReason)) {
      const binding = await tx.findBinding(invoice.customerId);
      if (binding && command.eventCreatedAt >= binding.boundFrom) {
        const renewalOfPartner = await this.renewalPartner(tx, command, binding);
        if (renewalOfPartner) {
          const renewal = await this.sales.recordNew(
            tx,
            renewalOf(asUnattributed, renewalOfPartner.partnerId, renewalOfPartner.initial),
            `invoice ${invoice.id}`,
          );
          return { outcome: 'attributed', conversionId: renewal.id, detail: renewalOfPartner.why };
        }
        await tx.keepUnattributedInvoice(asUnattributed);
        const own = invoice.subscriptionId ? `the sale of subscription ${invoice.subscriptionId}` : 'its Checkout Session';
        const until = this.sales.waitEndsAt(command.storedAt).toISOString();
        return {
          outcome: 'awaiting_sale',
          conversionId: null,
          detail: `the customer is bound to partner ${binding.partnerId} by another sale: counted as that partner's renewal after ${until} unless ${own} comes first`,
        };
      }
    }

    const promoPartner = signal.promoCode ? await this.signals.promoCodePartner(tx, signal.promoCode, complete) : null;
    const click = signal.clickId ? await this.signals.click(tx, [signal.clickId], complete) : null;
    const credit = creditTouch(promoPartner, click, command.eventCreatedAt);
    if (!credit) {
      await tx.keepUnattributedInvoice(asUnattributed);
      if (signal.promoCode)
        return { outcome: 'unknown_promo_code', conversionId: null, detail: `no promo code ${signal.promoCode} in this workspace's ${command.mode} mode` };
      if (signal.clickId)
        return { outcome: 'unknown_click', conversionId: null, detail: `no click ${signal.clickId} in this workspace's ${command.mode} mode` };
      const direct = isFirstInvoiceOfSubscription(invoice.billingReason) ? ' (subscription metadata is not read: use Checkout or the Conversion API)' : '';
      return { outcome: 'no_signal', conversionId: null, detail: `no aff_click_id or aff_promo_code on the invoice${direct}` };
    }

    const conversion = await this.sales.recordNew(
      tx,
      {
        partnerId: credit.partnerId,
        clickId: credit.click?.clickId ?? null,
        referralToken: credit.click?.referralToken ?? null,
        promoCode: credit.byPromoCode ? signal.promoCode : null,
        kind: 'initial',
        status: credit.expired ? 'expired' : 'converted',
        amountCents: invoice.amountPaid,
        commissionableAmountCents: invoice.commissionableCents,
        currency: invoice.currency,
        sourceEventId: command.eventId,
        stripeCustomerId: invoice.customerId,
        stripeSubscriptionId: invoice.subscriptionId,
        stripeInvoiceId: invoice.id,
        stripeCheckoutSessionId: null,
        occurredAt: command.eventCreatedAt,
      },
      `invoice ${invoice.id}`,
    );
    if (credit.expired)
      return { outcome: 'expired', conversionId: conversion.id, detail: `click ${credit.click!.clickId} expired at ${credit.click!.expiresAt.toISOString()}` };
    if (invoice.customerId) await this.sales.bindCustomer(tx, invoice.customerId, conversion);
    return { outcome: 'attributed', conversionId: conversion.id, detail: null };
  }
}
