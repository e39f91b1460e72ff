import { conversionRecord, unattributedInvoice } from '../../testing/records';
import { GroupKeys, GroupRows, GroupState, NotReadForGroupError } from './group-state';

const ws = 'ws_1';
const t = (iso: string) => new Date(iso);
const keys = (k: Partial<GroupKeys>): GroupKeys[] => [
  { workspaceId: ws, mode: 'test', customerIds: [], checkoutSessionIds: [], invoiceIds: [], clickIds: [], promoCodes: [], ...k },
];
const noRows = (): GroupRows => ({ conversions: [], bindings: [], clicks: [], promoCodes: [], unattributed: [] });
const announcement = { subject: 's', msgId: 'm', payload: {} };

const conversion = conversionRecord;
const invoice = (id: string, occurredAt: string, billingReason = 'subscription_cycle') => unattributedInvoice(id, occurredAt, { billingReason });

/** Takes the invoices of subscription sub_1, and those that arrived before 2026-06-01 (they waited long enough). */
const claim = { subscriptionId: 'sub_1', waitedBefore: t('2026-06-01T00:00:00Z') };

describe('GroupState (a group of events decided in memory)', () => {
  it('lets a later decision see an earlier one: a binding made in the group explains the next renewal', async () => {
    const state = new GroupState(keys({ customerIds: ['cus_1'], invoiceIds: ['in_2'] }), noRows());
    const first = state.transaction(ws, 'test');
    expect(await first.findBinding('cus_1')).toBeNull();
    expect(
      await first.bindCustomer('cus_1', {
        partnerId: 'p1',
        conversionId: 'c1',
        boundFrom: t('2026-01-01T00:00:00Z'),
        subscriptionId: 'sub_1',
        referralToken: 'ada-spring',
      }),
    ).toBe(true);
    const next = state.transaction(ws, 'test');
    expect(await next.findBinding('cus_1')).toEqual({
      partnerId: 'p1',
      conversionId: 'c1',
      boundFrom: t('2026-01-01T00:00:00Z'),
      subscriptionId: 'sub_1',
      referralToken: 'ada-spring',
    });
    expect(
      await next.bindCustomer('cus_1', {
        partnerId: 'p2',
        conversionId: 'c2',
        boundFrom: t('2026-02-01T00:00:00Z'),
        subscriptionId: null,
        referralToken: null,
      }),
    ).toBe(false);
    expect(state.writes().newBindings).toHaveLength(1);
  });

  it('refuses to answer for a row it did not read, so the group falls back to SQL', async () => {
    const tx = new GroupState(keys({ customerIds: ['cus_1'] }), noRows()).transaction(ws, 'test');
    await expect(tx.findBinding('cus_2')).rejects.toBeInstanceOf(NotReadForGroupError);
    await expect(tx.findConversionFor({ invoiceId: 'in_9' })).rejects.toBeInstanceOf(NotReadForGroupError);
    await expect(tx.findClicks(['00000000-0000-4000-8000-000000000000'])).rejects.toBeInstanceOf(NotReadForGroupError);
    // Another account's view never sees this one's keys.
    await expect(new GroupState(keys({ customerIds: ['cus_1'] }), noRows()).transaction('ws_2', 'test').findBinding('cus_1')).rejects.toBeInstanceOf(
      NotReadForGroupError,
    );
  });

  it('counts a sale once: a second conversion for the same invoice or session is refused, as the unique indexes do', async () => {
    const rows = noRows();
    rows.conversions.push(conversion({ id: 'c0', stripeInvoiceId: 'in_1' }));
    const tx = new GroupState(keys({ invoiceIds: ['in_1', 'in_2'], checkoutSessionIds: ['cs_1'] }), rows).transaction(ws, 'test');
    expect(await tx.insertConversion(conversion({ id: 'c1', stripeInvoiceId: 'in_1' }), announcement)).toBeNull();
    expect(await tx.insertConversion(conversion({ id: 'c2', stripeInvoiceId: 'in_2', stripeCheckoutSessionId: 'cs_1' }), announcement)).not.toBeNull();
    expect(await tx.insertConversion(conversion({ id: 'c3', stripeCheckoutSessionId: 'cs_1' }), announcement)).toBeNull();
    expect((await tx.findConversionFor({ checkoutSessionId: 'cs_1' }))?.id).toBe('c2');
  });

  it('writes only the net change: an invoice kept and then claimed in the same group never reaches the table', async () => {
    const state = new GroupState(keys({ customerIds: ['cus_1'], invoiceIds: ['in_1'] }), noRows());
    const tx = state.transaction(ws, 'test');
    await tx.keepUnattributedInvoice(invoice('in_1', '2026-03-01T00:00:00Z'));
    await tx.settleEvent('evt_in_1', 'no_signal', null, null);
    const taken = await tx.takeRenewalsOf('cus_1', t('2026-01-01T00:00:00Z'), claim);
    expect(taken.map((i) => i.invoiceId)).toEqual(['in_1']);
    await tx.settleEvent('evt_in_1', 'attributed', 'renewal claimed', 'c9');
    const w = state.writes();
    expect(w.keptInvoices).toEqual([]);
    expect(w.takenInvoices).toEqual([]);
    // The last settle of an event is the one written, as successive UPDATEs leave it.
    expect(w.settledEvents).toEqual([{ workspaceId: ws, eventId: 'evt_in_1', outcome: 'attributed', detail: 'renewal claimed', conversionId: 'c9' }]);
  });

  it('claims as renewals only invoices paid from the binding on, and never a first invoice', async () => {
    const rows = noRows();
    rows.unattributed.push(
      { ...invoice('in_old', '2025-12-01T00:00:00Z'), workspaceId: ws, mode: 'test' },
      { ...invoice('in_first', '2026-01-05T00:00:00Z', 'subscription_create'), workspaceId: ws, mode: 'test' },
      { ...invoice('in_new', '2026-02-01T00:00:00Z'), workspaceId: ws, mode: 'test' },
    );
    const state = new GroupState(keys({ customerIds: ['cus_1'] }), rows);
    const taken = await state.transaction(ws, 'test').takeRenewalsOf('cus_1', t('2026-01-01T00:00:00Z'), claim);
    expect(taken.map((i) => i.invoiceId)).toEqual(['in_new']);
    expect(state.writes().takenInvoices).toEqual([{ workspaceId: ws, mode: 'test', customerId: 'cus_1', invoiceId: 'in_new' }]);
  });

  it("takes the sale's own subscription's invoices, and others only once they waited for a sale of their own, as the SQL statement does", async () => {
    const rows = noRows();
    const arrived = (at: string) => ({ receivedAt: t(at), workspaceId: ws, mode: 'test' as const });
    rows.unattributed.push(
      { ...invoice('in_one_off_waited', '2026-02-01T00:00:00Z', 'manual'), subscriptionId: null, ...arrived('2026-02-01T00:00:00Z') },
      { ...invoice('in_one_off_waiting', '2026-02-10T00:00:00Z', 'manual'), subscriptionId: null, ...arrived('2026-02-10T00:00:00Z') },
      { ...invoice('in_other_sub_waiting', '2026-02-10T00:00:00Z'), subscriptionId: 'sub_2', ...arrived('2026-02-10T00:00:00Z') },
      { ...invoice('in_cycle', '2026-02-10T00:00:00Z'), ...arrived('2026-02-10T00:00:00Z') },
    );
    const state = new GroupState(keys({ customerIds: ['cus_1'] }), rows);
    const taken = await state
      .transaction(ws, 'test')
      .takeRenewalsOf('cus_1', t('2026-01-01T00:00:00Z'), { subscriptionId: 'sub_1', waitedBefore: t('2026-02-05T00:00:00Z') });
    expect(taken.map((i) => i.invoiceId).sort()).toEqual(['in_cycle', 'in_one_off_waited']);
  });

  it('settles a pending conversion once; one created in the group is written with its final status', async () => {
    const rows = noRows();
    rows.conversions.push(conversion({ id: 'stored', status: 'pending', stripeCheckoutSessionId: 'cs_1' }));
    const state = new GroupState(keys({ checkoutSessionIds: ['cs_1', 'cs_2'] }), rows);
    const tx = state.transaction(ws, 'test');
    expect((await tx.settlePendingConversion('stored', 'converted'))?.status).toBe('converted');
    expect(await tx.settlePendingConversion('stored', 'duplicate')).toBeNull();
    await tx.insertConversion(conversion({ id: 'new', status: 'pending', stripeCheckoutSessionId: 'cs_2' }), announcement);
    await tx.settlePendingConversion('new', 'duplicate');
    const w = state.writes();
    expect(w.settledConversions).toEqual([{ id: 'stored', status: 'converted' }]);
    expect(w.newConversions.map((c) => [c.id, c.status])).toEqual([['new', 'duplicate']]);
    expect(w.outbox).toHaveLength(1);
  });
});
