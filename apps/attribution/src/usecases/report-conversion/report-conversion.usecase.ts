import { Inject, Injectable } from '@nestjs/common';
import { Consumers, ConversionReportReply, Streams } from '@app/domain';
import { AttributionStore, AttributionTransaction } from '../../attribution.store';
import { presentConversion } from '../../conversions/conversion-record';
import { creditTouch } from '../../rules/credited-touch';
import { ConsumerBacklog } from '../../sales/consumer-backlog';
import { SaleRecorder } from '../../sales/sale-recorder';
import { ReportConversionCommand, stripeSaleOf } from './report-conversion.command';

/** How long a call waits for a click or promo code that may still be in the streams. */
const SIGNAL_WAIT_MS = 5_000;
const SIGNAL_POLL_MS = 200;
const IN_FLIGHT = Symbol('signal in flight');

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
    @Inject(ConsumerBacklog) private readonly backlog: ConsumerBacklog,
  ) {}

  async execute(command: ReportConversionCommand): Promise<ConversionReportReply> {
    const deadline = Date.now() + SIGNAL_WAIT_MS;
    let backlogDrained = false;
    for (;;) {
      const reply = await this.store.transaction(command.workspaceId, command.mode, (tx) => this.decide(tx, command, backlogDrained));
      // A recorded conversion is announced by the store as soon as its transaction commits.
      if (reply !== IN_FLIGHT) return reply;
      // Asked of NATS outside the transaction, so no database connection waits on it.
      backlogDrained = await this.backlogDrained(command);
      if (backlogDrained) continue; // the click or code names nothing: decide once more, for good
      if (Date.now() > deadline) {
        return {
          status: 503,
          code: 'attribution_busy',
          message: 'The click or promo code may still be on its way through a backlog; retry the same call shortly',
        };
      }
      await new Promise((resolve) => setTimeout(resolve, SIGNAL_POLL_MS));
    }
  }

  /** Whether the streams that carry the named click and promo code have nothing left for us. */
  private async backlogDrained({ report }: ReportConversionCommand): Promise<boolean> {
    if (report.promo_code && !(await this.backlog.isDrained(Streams.promoCodes, Consumers.attributionPromoCodes))) return false;
    if (report.click_id && !(await this.backlog.isDrained(Streams.clicks, Consumers.attributionClicks))) return false;
    return true;
  }

  /** IN_FLIGHT: a named click or promo code is not known (yet), and the streams were not checked. */
  private async decide(tx: AttributionTransaction, command: ReportConversionCommand, backlogDrained: boolean): Promise<ConversionReportReply | typeof IN_FLIGHT> {
    const { report } = command;
    const duplicate = await this.alreadyCounted(tx, report.external_transaction_id);
    if (duplicate) return duplicate;

    const promoPartner = report.promo_code ? await tx.findPromoCodePartner(report.promo_code) : null;
    const click = report.click_id ? ((await tx.findClicks([report.click_id])).get(report.click_id) ?? null) : null;
    const missing = (report.promo_code && !promoPartner) || (report.click_id && !click);
    if (missing && !backlogDrained) return IN_FLIGHT;

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
    const conversion = await this.sales.record(tx, {
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
      stripeCustomerId: null,
      stripeSubscriptionId: null,
      stripeInvoiceId: stripeSale?.invoiceId ?? null,
      stripeCheckoutSessionId: stripeSale?.checkoutSessionId ?? null,
      occurredAt: command.occurredAt,
    });
    if (!conversion) {
      // Another call (or a Stripe event) recorded it between our check and our insert.
      const raced = await this.alreadyCounted(tx, report.external_transaction_id);
      if (raced) return raced;
      throw new Error(`conversion for ${report.external_transaction_id} conflicted with a row that cannot be found`);
    }
    return { status: 201, conversion: presentConversion(conversion) };
  }

  private async alreadyCounted(tx: AttributionTransaction, externalTransactionId: string): Promise<ConversionReportReply | null> {
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
