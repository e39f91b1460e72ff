import { Inject, Injectable } from '@nestjs/common';
import { ConversionReportReply } from '@app/domain';
import { AttributionStore } from '../../attribution.store';
import { saleLockKey } from '../../sale-locks';
import { SqlAttributionTransaction } from '../../sql-attribution-transaction';
import { UnattributedSale } from '../../unattributed-sales';
import { ConversionRecord, presentConversion } from '../../conversions/conversion-record';
import { creditTouch } from '../../rules/credited-touch';
import { SaleArrival } from '../../sales/reference-stream-progress';
import { ConcurrentSaleError, SaleRecorder } from '../../sales/sale-recorder';
import { CompleteStreams, SignalInFlightError, SignalResolver } from '../../sales/signal-resolver';
import { ReportConversionCommand, stripeSaleOf } from './report-conversion.command';

/** How long a call waits for a click or promo code that may still be in the streams. */
const SIGNAL_WAIT_MS = 5_000;
const MAX_CONCURRENT_SALE_ATTEMPTS = 3;

/**
 * A conversion reported through the Conversion API. The same rules, customer bindings and
 * dedup as Stripe's path: one promo code / click precedence (`creditTouch`), one conversions
 * table whose unique indexes make a Stripe invoice or Checkout Session count once whichever
 * path reports it, and the same `conversion.*` events.
 */
@Injectable()
export class ReportConversionUseCase {
  constructor(
    @Inject(AttributionStore) private readonly store: AttributionStore,
    @Inject(SaleRecorder) private readonly sales: SaleRecorder,
    @Inject(SignalResolver) private readonly signals: SignalResolver,
  ) {}

  async execute(command: ReportConversionCommand): Promise<ConversionReportReply> {
    const deadline = Date.now() + SIGNAL_WAIT_MS;
    const complete = new Set<string>();
    const arrival = new SaleArrival(null);
    for (let attempt = 1; ; attempt++) {
      try {
        // A recorded conversion is announced by the store as soon as its transaction commits.
        return await this.store.transaction(command.workspaceId, command.mode, (tx) => this.decide(tx, command, complete));
      } catch (err) {
        // Another call, or a Stripe event, recorded this sale after we looked: deciding again answers 409 with it.
        if (err instanceof ConcurrentSaleError && attempt < MAX_CONCURRENT_SALE_ATTEMPTS) continue;
        if (!(err instanceof SignalInFlightError)) throw err;
        // Asked of NATS outside the transaction, so no database connection waits on it.
        if (!(await this.signals.awaitStream(arrival, err.reference, Math.max(0, deadline - Date.now())))) {
          return {
            status: 503,
            code: 'attribution_busy',
            message: 'The click or promo code may still be on its way through a backlog; retry the same call shortly',
          };
        }
        complete.add(err.reference.stream.name); // the click or code names nothing: decide once more, for good
      }
    }
  }

  private async decide(tx: SqlAttributionTransaction, command: ReportConversionCommand, complete: CompleteStreams): Promise<ConversionReportReply> {
    const { report } = command;
    const duplicate = await this.alreadyCounted(tx, report.external_transaction_id);
    if (duplicate) return duplicate;

    const promoPartner = report.promo_code ? await this.signals.promoCodePartner(tx, report.promo_code, complete) : null;
    const click = report.click_id ? await this.signals.click(tx, [report.click_id], complete) : null;

    const credit = creditTouch(promoPartner, click, command.occurredAt);
    if (!credit) {
      const named = [report.click_id && `click ${report.click_id}`, report.promo_code && `promo code ${report.promo_code}`].filter(Boolean).join(' or ');
      if (await tx.existsInOtherMode({ clickId: report.click_id, promoCode: report.promo_code })) {
        const other = command.mode === 'test' ? 'live' : 'test';
        return { status: 422, code: 'mode_mismatch', message: `The ${named} belongs to ${other} mode; report it with a ${other} secret key (sk_${other}_...)` };
      }
      return { status: 422, code: 'no_attribution_signal', message: `No ${named} in this workspace's ${command.mode} mode, so no partner can be credited` };
    }

    const stripeSale = stripeSaleOf(report.external_transaction_id);
    const kept = stripeSale ? await this.takeKeptSale(tx, stripeSale) : { session: null, invoice: null };
    const conversion = await this.sales.recordNew(tx, {
      source: 'api',
      eventType: report.event_type,
      externalTransactionId: report.external_transaction_id,
      partnerId: credit.partnerId,
      clickId: credit.click?.clickId ?? null,
      promoCode: credit.byPromoCode ? report.promo_code! : null,
      kind: 'initial',
      status: credit.expired ? 'expired' : 'converted',
      amountCents: report.amount_cents,
      currency: report.currency ?? null,
      sourceEventId: null,
      stripeCustomerId: kept.session?.customerId ?? kept.invoice?.customerId ?? null,
      stripeSubscriptionId: kept.session?.subscriptionId ?? kept.invoice?.subscriptionId ?? null,
      stripeInvoiceId: stripeSale?.invoiceId ?? kept.session?.invoiceId ?? null,
      stripeCheckoutSessionId: stripeSale?.checkoutSessionId ?? kept.session?.checkoutSessionId ?? null,
      occurredAt: command.occurredAt,
    }, `external_transaction_id ${report.external_transaction_id}`);
    await this.adoptKeptSale(tx, conversion, kept, report.external_transaction_id);
    return { status: 201, conversion: presentConversion(conversion) };
  }

  /**
   * Takes what Stripe events kept of this sale while it had no partner. Under the sale's lock first
   * (every Stripe event naming the session or invoice takes it), so a report and its Stripe event
   * committing at the same moment see each other; then under the customer's, so no event of the
   * customer decides in between. The locks follow `lockOrder`: sales sorted, the customer last.
   */
  private async takeKeptSale(tx: SqlAttributionTransaction, sale: { invoiceId: string | null; checkoutSessionId: string | null }): Promise<UnattributedSale> {
    const named = (sale.checkoutSessionId ?? sale.invoiceId)!;
    await tx.lock([saleLockKey(tx.workspaceId, tx.mode, named)]);
    const kept = await tx.findUnattributedSale(sale);
    // A kept session names its invoice, whose events lock it too (it sorts after the session: in_ > cs_).
    if (sale.checkoutSessionId && kept.invoiceId) await tx.lock([saleLockKey(tx.workspaceId, tx.mode, kept.invoiceId)]);
    if (kept.customerId) await tx.lockCustomer(kept.customerId);
    return tx.takeUnattributedSale({ checkoutSessionId: sale.checkoutSessionId, invoiceId: sale.invoiceId ?? kept.invoiceId });
  }

  /**
   * The kept Stripe events are this conversion's sale: their outcome says so, and the customer is bound
   * from Stripe's moment of the sale, so the renewals already kept, and those to come, follow the partner.
   */
  private async adoptKeptSale(tx: SqlAttributionTransaction, conversion: ConversionRecord, kept: UnattributedSale, externalId: string): Promise<void> {
    const detail = `counted with the Conversion API report ${externalId}`;
    for (const event of [kept.session, kept.invoice]) if (event) await tx.settleEvent(event.sourceEventId, 'attributed', detail, conversion.id);
    const soldAt = kept.session?.occurredAt ?? kept.invoice?.occurredAt;
    if (conversion.status === 'converted' && conversion.stripeCustomerId && soldAt) {
      await this.sales.bindCustomer(tx, conversion.stripeCustomerId, { ...conversion, occurredAt: soldAt });
    }
  }

  private async alreadyCounted(tx: SqlAttributionTransaction, externalTransactionId: string): Promise<ConversionReportReply | null> {
    const reported = await tx.findConversionByExternalId(externalTransactionId);
    if (reported) {
      return {
        status: 409,
        code: 'duplicate_external_transaction_id',
        message: `external_transaction_id ${externalTransactionId} was already reported (conversion ${reported.id}); it is counted once`,
        conversion: presentConversion(reported),
      };
    }
    const stripeSale = stripeSaleOf(externalTransactionId);
    const counted = stripeSale ? await tx.findConversionFor(stripeSale) : null;
    if (counted) {
      return {
        status: 409,
        code: 'duplicate_external_transaction_id',
        message: `${externalTransactionId} is already counted from Stripe event ${counted.sourceEventId} (conversion ${counted.id})`,
        conversion: presentConversion(counted),
      };
    }
    return null;
  }
}
