import { CheckoutSessionFacts } from '../../stripe/checkout-session';
import { inMemoryAttribution, PARTNER, WORKSPACE } from '../testing/in-memory-attribution';
import { AttributeCheckoutCommand } from './attribute-checkout.command';
import { AttributeCheckoutUseCase } from './attribute-checkout.usecase';

const CLICK = '0b6f0d3e-6a51-4c57-9a40-2f1d2b3c4d5e';
const t = (iso: string) => new Date(iso);
const click = {
  workspaceId: WORKSPACE,
  mode: 'test' as const,
  clickId: CLICK,
  partnerId: PARTNER,
  referralToken: 'ada-spring',
  clickedAt: t('2026-01-01T00:00:00Z'),
  expiresAt: t('2026-03-01T00:00:00Z'),
};

function checkout(over: Partial<CheckoutSessionFacts> = {}, eventType = 'checkout.session.completed', at = '2026-01-10T00:00:00Z'): AttributeCheckoutCommand {
  return {
    workspaceId: WORKSPACE,
    mode: 'test',
    eventId: `evt_${eventType}`,
    eventType,
    eventCreatedAt: t(at),
    storedAt: t(at),
    session: {
      id: 'cs_1',
      mode: 'subscription',
      paymentStatus: 'paid',
      clientReferenceId: CLICK,
      metadata: {},
      customerId: 'cus_1',
      subscriptionId: 'sub_1',
      invoiceId: null,
      amountTotal: 2900,
      commissionableCents: 2900,
      currency: 'usd',
      paymentIntentId: null,
      customerEmail: null,
      ...over,
    },
  };
}

function setUp() {
  const world = inMemoryAttribution({
    rows: { clicks: [click] },
    reads: { customerIds: ['cus_1'], checkoutSessionIds: ['cs_1'], invoiceIds: [], clickIds: [CLICK], promoCodes: [] },
  });
  return { world, useCase: new AttributeCheckoutUseCase(world.batcher, world.signals, world.sales) };
}

/** The Checkout Session rules against the in-memory transaction: no database, no NATS. */
describe('AttributeCheckoutUseCase', () => {
  it('credits the partner of the click in client_reference_id and binds the customer for renewals', async () => {
    const { world, useCase } = setUp();
    const result = await useCase.execute(checkout());
    const writes = world.writes();
    expect(result.outcome).toBe('attributed');
    expect(writes.newConversions).toEqual([
      expect.objectContaining({ partnerId: PARTNER, clickId: CLICK, referralToken: 'ada-spring', kind: 'initial', status: 'converted', amountCents: 2900 }),
    ]);
    expect(writes.newBindings).toEqual([
      expect.objectContaining({ customerId: 'cus_1', partnerId: PARTNER, conversionId: result.conversionId, referralToken: 'ada-spring' }),
    ]);
  });

  it('counts a sale after the attribution window as expired, and binds nobody', async () => {
    const { world, useCase } = setUp();
    const result = await useCase.execute(checkout({}, 'checkout.session.completed', '2026-03-02T00:00:00Z'));
    expect(result).toEqual(expect.objectContaining({ outcome: 'expired', detail: `click ${CLICK} expired at 2026-03-01T00:00:00.000Z` }));
    expect(world.writes().newBindings).toEqual([]);
  });

  it('keeps a session without a click id unattributed, for a later Conversion API report of the sale', async () => {
    const { world, useCase } = setUp();
    const result = await useCase.execute(checkout({ clientReferenceId: null }));
    expect(result.outcome).toBe('no_signal');
    expect(world.writes().newConversions).toEqual([]);
    expect(world.writes().keptSessions).toEqual([expect.objectContaining({ checkoutSessionId: 'cs_1', customerId: 'cus_1', amountCents: 2900 })]);
  });

  it('holds a delayed payment pending and converts it when the payment succeeds, once', async () => {
    const { world, useCase } = setUp();
    const pending = await useCase.execute(checkout({ paymentStatus: 'unpaid' }));
    const succeeded = await useCase.execute(checkout({ paymentStatus: 'paid' }, 'checkout.session.async_payment_succeeded', '2026-01-12T00:00:00Z'));
    const again = await useCase.execute(checkout({ paymentStatus: 'paid' }, 'checkout.session.completed', '2026-01-12T00:00:00Z'));
    expect([pending.outcome, succeeded.outcome, again.outcome]).toEqual(['awaiting_payment', 'attributed', 'already_counted']);
    expect(succeeded.conversionId).toBe(pending.conversionId);
    expect(world.writes().newConversions).toHaveLength(1);
  });
});
