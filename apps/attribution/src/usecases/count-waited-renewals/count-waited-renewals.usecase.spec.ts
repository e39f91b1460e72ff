import type { AttributionConfig } from '../../config';
import type { UnattributedInvoice } from '../../unattributed-sales';
import { BOUND_CUSTOMER, inMemoryAttribution, PARTNER, WORKSPACE } from '../testing/in-memory-attribution';
import { CountWaitedRenewalsCommand } from './count-waited-renewals.command';
import { CountWaitedRenewalsUseCase } from './count-waited-renewals.usecase';

const t = (iso: string) => new Date(iso);
const command: CountWaitedRenewalsCommand = { workspaceId: WORKSPACE, mode: 'test', customerId: 'cus_1', waitedBefore: t('2026-02-01T00:10:00Z') };

function kept(over: Partial<UnattributedInvoice>) {
  return {
    workspaceId: WORKSPACE,
    mode: 'test' as const,
    invoiceId: 'in_1',
    customerId: 'cus_1',
    subscriptionId: null,
    billingReason: 'manual',
    amountCents: 2900,
    commissionableAmountCents: 2900,
    currency: 'usd',
    occurredAt: t('2026-02-01T00:00:00Z'),
    sourceEventId: 'evt_in_1',
    receivedAt: t('2026-02-01T00:00:00Z'),
    ...over,
  };
}

function setUp(rows: Parameters<typeof inMemoryAttribution>[0]['rows']) {
  const world = inMemoryAttribution({
    rows,
    reads: { customerIds: ['cus_1'], checkoutSessionIds: [], invoiceIds: ['in_1', 'in_2'], clickIds: [], promoCodes: [] },
  });
  const config = { OWN_SALE_WAIT_SECONDS: 600, UNATTRIBUTED_INVOICE_RETENTION_DAYS: 400 } as AttributionConfig;
  return { world, useCase: new CountWaitedRenewalsUseCase(world.store, world.sales, config) };
}

/** The waited-renewal rule against the in-memory transaction: no database, no NATS, no timer. */
describe('CountWaitedRenewalsUseCase', () => {
  it('counts a kept invoice that waited and saw no sale of its own as a renewal of the bound partner', async () => {
    const { world, useCase } = setUp({ bindings: [BOUND_CUSTOMER], unattributed: [kept({})] });
    expect(await useCase.execute(command)).toBe(1);
    // Credited through the binding's sale: it counts for that sale's link.
    expect(world.writes().newConversions).toEqual([
      expect.objectContaining({ partnerId: PARTNER, kind: 'renewal', stripeInvoiceId: 'in_1', referralToken: 'ada-spring' }),
    ]);
    expect(world.writes().takenInvoices).toEqual([expect.objectContaining({ invoiceId: 'in_1', customerId: 'cus_1' })]);
  });

  it('leaves an invoice that arrived after the wait began to wait on', async () => {
    const { world, useCase } = setUp({ bindings: [BOUND_CUSTOMER], unattributed: [kept({ receivedAt: t('2026-02-01T00:20:00Z') })] });
    expect(await useCase.execute(command)).toBe(0);
    expect(world.writes().newConversions).toEqual([]);
  });

  it('counts nothing for a customer bound to nobody', async () => {
    const { world, useCase } = setUp({ unattributed: [kept({})] });
    expect(await useCase.execute(command)).toBe(0);
    expect(world.writes().newConversions).toEqual([]);
  });

  it('does not count an invoice from before the binding, nor one that created a subscription', async () => {
    const early = kept({ occurredAt: t('2025-12-01T00:00:00Z') });
    const creating = kept({ invoiceId: 'in_2', sourceEventId: 'evt_in_2', billingReason: 'subscription_create' });
    const { world, useCase } = setUp({ bindings: [BOUND_CUSTOMER], unattributed: [early, creating] });
    expect(await useCase.execute(command)).toBe(0);
    expect(world.writes().newConversions).toEqual([]);
  });

  it('counts each invoice once, however often the customer is swept', async () => {
    const { world, useCase } = setUp({ bindings: [BOUND_CUSTOMER], unattributed: [kept({}), kept({ invoiceId: 'in_2', sourceEventId: 'evt_in_2' })] });
    expect(await useCase.execute(command)).toBe(2);
    expect(await useCase.execute(command)).toBe(0);
    expect(
      world
        .writes()
        .newConversions.map((c) => c.stripeInvoiceId)
        .sort(),
    ).toEqual(['in_1', 'in_2']);
  });
});
