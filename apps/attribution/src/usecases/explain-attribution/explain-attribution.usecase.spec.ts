import { BadRequestException } from '@nestjs/common';
import type { Mode } from '@app/domain';
import { ConversionEntity } from '../../conversions/conversion.entity';
import type { AttributionRecordsRepository, KeptSale } from '../../reads/attribution-records.repository';
import { StripeEventRecordEntity } from '../../stripe-events/stripe-event-record.entity';
import { conversionRecord } from '../../testing/records';
import { ExplainAttributionUseCase } from './explain-attribution.usecase';

const WS = 'ws_1';
const MODE: Mode = 'test';

const event = (eventId: string, over: Partial<StripeEventRecordEntity> = {}): StripeEventRecordEntity => ({
  workspaceId: WS,
  eventId,
  mode: MODE,
  type: 'checkout.session.completed',
  outcome: 'attributed',
  detail: null,
  conversionId: null,
  stripeCreatedAt: new Date('2026-01-01T00:00:00Z'),
  processedAt: new Date('2026-01-01T00:00:01Z'),
  ...over,
});

/** What attribution stored, in memory: the records the repository's lookups read. */
function setUp(stored: { events?: StripeEventRecordEntity[]; conversions?: ConversionEntity[]; kept?: KeptSale[]; links?: Record<string, string[]> }) {
  const events = stored.events ?? [];
  const conversions = stored.conversions ?? [];
  const records: Partial<AttributionRecordsRepository> = {
    eventsById: (_w, _m, ids) => Promise.resolve(events.filter((e) => ids.includes(e.eventId))),
    eventsOfConversions: (_w, _m, ids) => Promise.resolve(events.filter((e) => e.conversionId !== null && ids.includes(e.conversionId))),
    conversionsById: (_w, _m, ids) => Promise.resolve(conversions.filter((c) => ids.includes(c.id))),
    conversionsOfSales: (_w, _m, sales) =>
      Promise.resolve(conversions.filter((c) => sales.includes(c.stripeCheckoutSessionId ?? '') || sales.includes(c.stripeInvoiceId ?? ''))),
    conversionsOfCustomer: (_w, _m, customer) => Promise.resolve(conversions.filter((c) => c.stripeCustomerId === customer)),
    conversionsOfSubscription: (_w, _m, subscription) => Promise.resolve(conversions.filter((c) => c.stripeSubscriptionId === subscription)),
    salesOfPayment: (_w, _m, payment) => Promise.resolve(stored.links?.[payment] ?? []),
    moneyBackWaitingFor: () => Promise.resolve([]),
    keptSales: (_w, _m, by) => Promise.resolve((stored.kept ?? []).filter((k) => k.id === by.saleId || (by.customerId && k.customer === by.customerId))),
  };
  return new ExplainAttributionUseCase(records as AttributionRecordsRepository);
}

describe('ExplainAttributionUseCase', () => {
  const sale = conversionRecord({ id: 'c1', partnerId: 'p1', stripeCheckoutSessionId: 'cs_1', sourceEventId: 'evt_1' });

  it('finds a sale by its PaymentIntent through the sales Stripe linked it to', async () => {
    const use = setUp({ conversions: [sale], events: [event('evt_1', { conversionId: 'c1' })], links: { pi_1: ['cs_1'] } });
    const explained = await use.execute({ workspaceId: WS, mode: MODE, stripeId: 'pi_1' });
    expect(explained).toMatchObject({ found: true, summary: 'This payment was attributed to partner p1 (conversion c1).' });
    expect(explained.events.map((e) => e.id)).toEqual(['evt_1']);
  });

  it('finds the events of a kept sale through the event that brought it', async () => {
    const kept: KeptSale = {
      object: 'invoice',
      id: 'in_1',
      customer: 'cus_1',
      amountCents: 900,
      currency: 'eur',
      occurredAt: new Date('2026-01-01T00:00:00Z'),
      sourceEventId: 'evt_2',
    };
    const use = setUp({ kept: [kept], events: [event('evt_2', { type: 'invoice.paid', outcome: 'unknown_promo_code', detail: 'no promo code SPRING' })] });
    const explained = await use.execute({ workspaceId: WS, mode: MODE, stripeId: 'cus_1' });
    expect(explained.found).toBe(true);
    expect(explained.summary).toMatch(
      /^This customer was not attributed\. The promo code on this sale names no promo code .*\(no promo code SPRING\) Attribution keeps it/,
    );
    expect(explained.kept_sales).toEqual([expect.objectContaining({ object: 'invoice', id: 'in_1', amount_cents: 900, currency: 'eur' })]);
  });

  it('answers found: false, not an error, for an id nothing was received for', async () => {
    const explained = await setUp({}).execute({ workspaceId: WS, mode: MODE, stripeId: 'sub_1' });
    expect(explained).toMatchObject({ found: false, events: [], conversions: [], kept_sales: [] });
  });

  it('refuses an id that is no Stripe id it can explain', async () => {
    await expect(setUp({}).execute({ workspaceId: WS, mode: MODE, stripeId: 'ch_1' })).rejects.toThrow(BadRequestException);
  });
});
