import { Injectable } from '@nestjs/common';
import { Mode } from '@app/domain';
import { ConversionEntity } from '../../conversions/conversion.entity';
import { presentConversion } from '../../conversions/conversion-record';
import { AttributionRecordsRepository, KeptSale } from '../../reads/attribution-records.repository';
import { presentStripeEvent } from '../../stripe-events/stripe-event.presenter';
import { StripeEventRecordEntity } from '../../stripe-events/stripe-event-record.entity';
import { explanationSummary, stripeIdOf } from './explanation-summary';
import { outcomeSentence } from './outcome-sentence';

export interface ExplainAttributionCommand {
  workspaceId: string;
  mode: Mode;
  stripeId: string;
}

/**
 * "Why was this sale not attributed?": everything attribution stored about a Stripe id of the
 * workspace and mode (its events and their outcomes, its conversions, the sales kept waiting), and
 * a summary of it in plain words. Never a 404: an id attribution knows nothing of is an answer too.
 */
@Injectable()
export class ExplainAttributionUseCase {
  constructor(private readonly records: AttributionRecordsRepository) {}

  async execute(command: ExplainAttributionCommand) {
    const { workspaceId, mode, stripeId } = command;
    const { kind, noun } = stripeIdOf(stripeId);
    const eventIds = new Set<string>();
    let conversions: ConversionEntity[] = [];
    let keptSales: KeptSale[] = [];
    if (kind === 'event') {
      eventIds.add(stripeId);
      const [event] = await this.records.eventsById(workspaceId, mode, [stripeId]);
      if (event?.conversionId) conversions = await this.records.conversionsById(workspaceId, mode, [event.conversionId]);
    } else if (kind === 'checkout_session' || kind === 'invoice') {
      [conversions, keptSales] = await Promise.all([
        this.records.conversionsOfSales(workspaceId, mode, [stripeId]),
        this.records.keptSales(workspaceId, mode, { saleId: stripeId }),
      ]);
    } else if (kind === 'customer') {
      [conversions, keptSales] = await Promise.all([
        this.records.conversionsOfCustomer(workspaceId, mode, stripeId),
        this.records.keptSales(workspaceId, mode, { customerId: stripeId }),
      ]);
    } else if (kind === 'subscription') {
      conversions = await this.records.conversionsOfSubscription(workspaceId, mode, stripeId);
    } else {
      // A payment is known through the sales Stripe linked it to, and the money back still waiting for one.
      const [sales, waiting] = await Promise.all([
        this.records.salesOfPayment(workspaceId, mode, stripeId),
        this.records.moneyBackWaitingFor(workspaceId, mode, stripeId),
      ]);
      waiting.forEach((id) => eventIds.add(id));
      conversions = await this.records.conversionsOfSales(workspaceId, mode, sales);
      keptSales = (await Promise.all(sales.map((saleId) => this.records.keptSales(workspaceId, mode, { saleId })))).flat();
    }
    for (const c of conversions) if (c.sourceEventId) eventIds.add(c.sourceEventId);
    for (const s of keptSales) eventIds.add(s.sourceEventId);
    const [byId, byConversion] = await Promise.all([
      this.records.eventsById(workspaceId, mode, [...eventIds]),
      this.records.eventsOfConversions(
        workspaceId,
        mode,
        conversions.map((c) => c.id),
      ),
    ]);
    const events = oldestFirst(byId, byConversion);
    const summary = explanationSummary({ stripeId, noun, mode, conversions, events, keptSales });
    return {
      object: 'attribution_explanation',
      stripe_id: stripeId,
      mode,
      found: conversions.length + events.length + keptSales.length > 0,
      summary,
      events: events.map((e) => ({ ...presentStripeEvent(e), explanation: outcomeSentence(e.outcome, e.detail) })),
      conversions: conversions.map(presentConversion),
      kept_sales: keptSales.map((s) => ({
        object: s.object,
        id: s.id,
        customer: s.customer,
        amount_cents: s.amountCents,
        currency: s.currency,
        occurred_at: s.occurredAt.toISOString(),
        source_event_id: s.sourceEventId,
      })),
    };
  }
}

/** The events once each, in the order Stripe created them. */
export function oldestFirst(...lists: StripeEventRecordEntity[][]): StripeEventRecordEntity[] {
  const unique = new Map(lists.flat().map((e) => [e.eventId, e]));
  return [...unique.values()].sort((a, b) => a.stripeCreatedAt.getTime() - b.stripeCreatedAt.getTime() || a.eventId.localeCompare(b.eventId));
}
