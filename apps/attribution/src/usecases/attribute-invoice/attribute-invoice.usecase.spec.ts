import { InvoiceFacts } from '../../stripe/invoice';
import { inMemoryAttribution, PARTNER, WORKSPACE } from '../testing/in-memory-attribution';
import { AttributeInvoiceCommand } from './attribute-invoice.command';
import { AttributeInvoiceUseCase } from './attribute-invoice.usecase';

const PROMO_PARTNER = '7c1e2f3a-0000-4000-8000-000000000002';
const t = (iso: string) => new Date(iso);
const binding = {
  workspaceId: WORKSPACE,
  mode: 'test' as const,
  customerId: 'cus_1',
  partnerId: PARTNER,
  conversionId: 'conv_1',
  boundFrom: t('2026-01-01T00:00:00Z'),
  subscriptionId: 'sub_1',
  referralToken: 'ada-spring',
};

function paid(over: Partial<InvoiceFacts>, at = '2026-02-01T00:00:00Z'): AttributeInvoiceCommand {
  return {
    workspaceId: WORKSPACE,
    mode: 'test',
    eventId: `evt_${over.id ?? 'in_1'}`,
    eventType: 'invoice.paid',
    eventCreatedAt: t(at),
    storedAt: t(at),
    invoice: {
      id: 'in_1',
      customerId: 'cus_1',
      subscriptionId: 'sub_1',
      billingReason: 'subscription_cycle',
      paid: true,
      amountPaid: 2900,
      commissionableCents: 2900,
      paymentIntentId: null,
      chargeId: null,
      currency: 'usd',
      metadata: {},
      shape: 'basil',
      ...over,
    },
  };
}

function setUp(rows: Parameters<typeof inMemoryAttribution>[0]['rows'], promoCodes: string[] = []) {
  const world = inMemoryAttribution({
    rows,
    reads: { customerIds: ['cus_1'], checkoutSessionIds: [], invoiceIds: ['in_1', 'in_2'], clickIds: [], promoCodes },
  });
  return { world, useCase: new AttributeInvoiceUseCase(world.batcher, world.signals, world.sales) };
}

/** The invoice rules against the in-memory transaction: no database, no NATS. */
describe('AttributeInvoiceUseCase', () => {
  it('counts a bound customer’s subscription invoice as a renewal of the bound partner', async () => {
    const { world, useCase } = setUp({ bindings: [binding] });
    const result = await useCase.execute(paid({}));
    expect(result).toEqual(expect.objectContaining({ outcome: 'attributed', detail: 'renewal of a customer bound to the partner' }));
    // Credited through the binding's sale: it counts for the link that sale came through.
    expect(world.writes().newConversions).toEqual([
      expect.objectContaining({ partnerId: PARTNER, kind: 'renewal', stripeInvoiceId: 'in_1', referralToken: 'ada-spring', clickId: null }),
    ]);
  });

  it('keeps an invoice of a customer bound to nobody unattributed, for a later binding to claim', async () => {
    const { world, useCase } = setUp({});
    const result = await useCase.execute(paid({}));
    expect(result.outcome).toBe('no_signal');
    expect(world.writes().keptInvoices).toEqual([expect.objectContaining({ invoiceId: 'in_1', customerId: 'cus_1', amountCents: 2900 })]);
  });

  it('credits the owner of the promo code in the invoice metadata and binds the customer', async () => {
    const { world, useCase } = setUp({ promoCodes: [{ workspaceId: WORKSPACE, mode: 'test', code: 'SPRING', partnerId: PROMO_PARTNER }] }, ['SPRING']);
    const result = await useCase.execute(paid({ billingReason: 'subscription_create', metadata: { aff_promo_code: 'spring' } }));
    expect(result.outcome).toBe('attributed');
    expect(world.writes().newConversions).toEqual([
      expect.objectContaining({ partnerId: PROMO_PARTNER, promoCode: 'SPRING', kind: 'initial', referralToken: null }),
    ]);
    expect(world.writes().newBindings).toEqual([expect.objectContaining({ customerId: 'cus_1', partnerId: PROMO_PARTNER })]);
  });

  it('keeps a one-off invoice of a bound customer waiting for the Checkout Session that may own it', async () => {
    const { world, useCase } = setUp({ bindings: [binding] });
    const arrivedNow = { ...paid({ subscriptionId: null, billingReason: 'manual' }), storedAt: new Date() };
    const result = await useCase.execute(arrivedNow);
    expect(result.outcome).toBe('awaiting_sale');
    expect(world.writes().keptInvoices).toEqual([expect.objectContaining({ invoiceId: 'in_1', subscriptionId: null, receivedAt: arrivedNow.storedAt })]);
    expect(world.writes().newConversions).toEqual([]);
  });

  it('counts a one-off invoice that arrived longer ago than the wait as the bound partner’s renewal', async () => {
    const { world, useCase } = setUp({ bindings: [binding] });
    const result = await useCase.execute(paid({ subscriptionId: null, billingReason: 'manual' }));
    expect(result.outcome).toBe('attributed');
    expect(world.writes().newConversions).toEqual([expect.objectContaining({ partnerId: PARTNER, kind: 'renewal', stripeInvoiceId: 'in_1' })]);
  });

  it('does not count an unpaid invoice', async () => {
    const { world, useCase } = setUp({ bindings: [binding] });
    expect((await useCase.execute(paid({ paid: false }))).outcome).toBe('not_a_sale');
    expect(world.writes().newConversions).toEqual([]);
  });
});
