import { Injectable } from '@nestjs/common';
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
    private readonly store: AttributionStore,
    private readonly sales: SaleRecorder,
    private readonly signals: SignalResolver,
  ) {}

  async execute(command: ReportConversionCommand): Promise<ConversionReportReply> {
    const deadline = Date.now() + SIGNAL_WAIT_MS;
    const complete = new Set<string>();
    const arrival = new SaleArrival(null);
    let concurrentSales = 0;
    for (;;) {
      try {
        // A recorded conversion is announced by the store as soon as its transaction commits.
        return await this.store.transaction(command.workspaceId, command.mode, (tx) => this.decide(tx, command, complete));
      } catch (err) {
        // Another call, or a Stripe event, recorded this sale after we looked: deciding again answers 409 with it.
        if (err instanceof ConcurrentSaleError && ++concurrentSales < MAX_CONCURRENT_SALE_ATTEMPTS) continue;
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
    const stripeSale = stripeSaleOf(report.external_transaction_id);
    const keptInvoiceId = stripeSale ? await this.lockStripeSale(tx, stripeSale) : null;
    const duplicate = await this.alreadyCounted(tx, report.external_transaction_id, keptInvoiceId);
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

    const kept = stripeSale
      ? await tx.takeUnattributedSale({ ...stripeSale, invoiceId: stripeSale.invoiceId ?? keptInvoiceId })
      : { session: null, invoice: null };
    const conversion = await this.sales.recordNew(
      tx,
      {
        source: 'api',
        eventType: report.event_type,
        externalTransactionId: report.external_transaction_id,
        partnerId: credit.partnerId,
        clickId: credit.click?.clickId ?? null,
        referralToken: credit.click?.referralToken ?? null,
        promoCode: credit.byPromoCode ? report.promo_code! : null,
        kind: 'initial',
        status: credit.expired ? 'expired' : 'converted',
        amountCents: report.amount_cents,
        commissionableAmountCents: report.amount_cents,
        currency: report.currency ?? null,
        sourceEventId: null,
        stripeCustomerId: kept.session?.customerId ?? kept.invoice?.customerId ?? null,
        stripeSubscriptionId: kept.session?.subscriptionId ?? kept.invoice?.subscriptionId ?? null,
        stripeInvoiceId: stripeSale?.invoiceId ?? kept.session?.invoiceId ?? null,
        stripeCheckoutSessionId: stripeSale?.checkoutSessionId ?? kept.session?.checkoutSessionId ?? null,
        occurredAt: command.occurredAt,
      },
      `external_transaction_id ${report.external_transaction_id}`,
    );
    await this.adoptKeptSale(tx, conversion, kept, report.external_transaction_id);
    return { status: 201, conversion: presentConversion(conversion) };
  }

  /**
   * A report of a Stripe sale decides under the sale's lock (every Stripe event naming the session or
   * invoice takes it), so a report and its Stripe event committing at the same moment see each other;
   * then under the customer's, so no event of the customer decides in between. The locks follow
   * `lockOrder`: sales sorted, the customer last. Returns the invoice of a kept Checkout Session.
   */
  private async lockStripeSale(tx: SqlAttributionTransaction, sale: { invoiceId: string | null; checkoutSessionId: string | null }): Promise<string | null> {
    await tx.lock([saleLockKey(tx.workspaceId, tx.mode, (sale.checkoutSessionId ?? sale.invoiceId)!)]);
    const kept = await tx.findUnattributedSale(sale);
    let customerId = kept.customerId;
    if (sale.checkoutSessionId && kept.invoiceId) {
      // The session's invoice: its events lock it too (it sorts after the session, in_ > cs_), and its
      // customer is the sale's when the session named none.
      await tx.lock([saleLockKey(tx.workspaceId, tx.mode, kept.invoiceId)]);
      customerId ??= (await tx.findUnattributedSale({ checkoutSessionId: null, invoiceId: kept.invoiceId })).customerId;
    }
    if (customerId) await tx.lockCustomer(customerId);
    return sale.checkoutSessionId ? kept.invoiceId : null;
  }

  /**
   * The kept Stripe events are this conversion's sale: their outcome says so, and the customer is bound
   * from Stripe's moment of the sale, so the renewals already kept, and those to come, follow the partner.
   */
  private async adoptKeptSale(tx: SqlAttributionTransaction, conversion: ConversionRecord, kept: UnattributedSale, externalId: string): Promise<void> {
    const detail = `counted with the Conversion API report ${externalId}`;
    if (kept.session) await tx.settleEvent(kept.session.sourceEventId, 'attributed', detail, conversion.id);
    // A session's invoice is counted with its session, as on the Stripe path; an invoice reported alone is the sale.
    if (kept.invoice && kept.session)
      await tx.settleEvent(kept.invoice.sourceEventId, 'already_counted', `counted with checkout session ${kept.session.checkoutSessionId}`, conversion.id);
    else if (kept.invoice) await tx.settleEvent(kept.invoice.sourceEventId, 'attributed', detail, conversion.id);
    const soldAt = kept.session?.occurredAt ?? kept.invoice?.occurredAt;
    if (conversion.status === 'converted' && conversion.stripeCustomerId && soldAt) {
      await this.sales.bindCustomer(tx, conversion.stripeCustomerId, { ...conversion, occurredAt: soldAt });
    }
  }

  /** `keptInvoiceId`: the invoice of the kept Checkout Session reported, counted maybe on its own. */
  private async alreadyCounted(
    tx: SqlAttributionTransaction,
    externalTransactionId: string,
    keptInvoiceId: string | null,
  ): Promise<ConversionReportReply | null> {
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
    const counted = stripeSale ? await tx.findConversionFor({ ...stripeSale, invoiceId: stripeSale.invoiceId ?? keptInvoiceId }) : null;
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
