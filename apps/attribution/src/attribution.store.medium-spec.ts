import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Mode } from '@app/domain';
import { attributionDatabase } from '../../../test/support/attribution-database';
import { AttributionTransaction } from './attribution-transaction';
import { saleLockKey } from './sale-locks';
import { SqlAttributionTransaction } from './sql-attribution-transaction';
import { ConversionRecord } from './conversions/conversion-record';
import { conversionRecord, unattributedInvoice } from './testing/records';
import { GroupState } from './sales/group-commit/group-state';
import { GroupStore } from './sales/group-commit/group-store';

const t = (iso: string) => new Date(iso);

/**
 * The SQL implementation of the attribution transaction against the real PostgreSQL, and the group
 * implementation (in memory, over the rows the group statement reads) held to the same answers.
 */
describe('SqlAttributionTransaction against a real PostgreSQL', () => {
  const database = attributionDatabase('store', { poolSize: 4 });
  let dataSource: DataSource;
  const mode: Mode = 'test';
  let ws: string;

  beforeAll(async () => (dataSource = await database.setUp()));
  afterAll(() => database.tearDown());
  beforeEach(() => (ws = `ws_${randomBytes(4).toString('hex')}`));

  const inTx = <T>(work: (tx: SqlAttributionTransaction) => Promise<T>) => dataSource.transaction((m) => work(new SqlAttributionTransaction(m, ws, mode)));
  const claim = (tx: SqlAttributionTransaction, eventId: string, customerId: string | null) =>
    tx.claimEvent({ eventId, type: 'invoice.paid', stripeCreatedAt: t('2026-01-01T00:00:00Z') }, customerId);

  const conversion = (o: Partial<ConversionRecord> = {}): ConversionRecord =>
    conversionRecord({
      id: randomUUID(),
      workspaceId: ws,
      mode,
      partnerId: randomUUID(),
      amountCents: 4900,
      sourceEventId: `evt_${randomBytes(4).toString('hex')}`,
      createdAt: new Date(),
      ...o,
    });
  const announcement = (c: ConversionRecord) => ({ subject: 'spec.conversion.created', msgId: c.id, payload: { id: c.id } });
  const invoice = unattributedInvoice;

  it('claims an event once: a redelivery, or another replica, finds it claimed', async () => {
    expect(await inTx((tx) => claim(tx, 'evt_1', 'cus_1'))).toBe(true);
    expect(await inTx((tx) => claim(tx, 'evt_1', 'cus_1'))).toBe(false);
  });

  it.each([
    ['one customer', (tx: SqlAttributionTransaction) => claim(tx, 'evt_a', 'cus_lock')],
    ['one sale (a Conversion API report of a Checkout Session)', (tx: SqlAttributionTransaction) => tx.lock([saleLockKey(ws, mode, 'cs_lock')])],
  ])("serialises two transactions on %s: the Stripe event's claim waits for the first's commit", async (_what, takeFirst) => {
    let releaseFirst!: () => void;
    const firstHolds = new Promise<void>((resolve) => (releaseFirst = resolve));
    const order: string[] = [];
    const first = inTx(async (tx) => {
      await takeFirst(tx);
      order.push('first claimed');
      await firstHolds;
      order.push('first commits');
    });
    await new Promise((r) => setTimeout(r, 100));
    const second = inTx(async (tx) => {
      await tx.claimEvent({ eventId: 'evt_b', type: 'checkout.session.completed', stripeCreatedAt: t('2026-01-01T00:00:00Z') }, 'cus_lock', [
        'cs_lock',
        'in_lock',
      ]);
      order.push('second claimed');
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(order).toEqual(['first claimed']);
    releaseFirst();
    await Promise.all([first, second]);
    expect(order).toEqual(['first claimed', 'first commits', 'second claimed']);
  });

  it('counts a sale once per Checkout Session and per invoice, and writes its announcement only with it', async () => {
    const first = conversion({ stripeCheckoutSessionId: 'cs_1', stripeInvoiceId: 'in_1' });
    expect(await inTx((tx) => tx.insertConversion(first, announcement(first)))).toMatchObject({ id: first.id, stripeInvoiceId: 'in_1' });
    const again = conversion({ stripeInvoiceId: 'in_1' });
    expect(await inTx((tx) => tx.insertConversion(again, announcement(again)))).toBeNull();
    const outbox = await dataSource.query(`SELECT msg_id FROM attribution.outbox WHERE msg_id = ANY($1)`, [[first.id, again.id]]);
    expect(outbox.map((r: { msg_id: string }) => r.msg_id)).toEqual([first.id]);
    expect((await inTx((tx) => tx.findConversionFor({ invoiceId: 'in_1' })))?.id).toBe(first.id);
  });

  it('moves a conversion on from pending once', async () => {
    const pending = conversion({ status: 'pending', stripeCheckoutSessionId: 'cs_p' });
    await inTx((tx) => tx.insertConversion(pending, announcement(pending)));
    expect((await inTx((tx) => tx.settlePendingConversion(pending.id, 'converted')))?.status).toBe('converted');
    expect(await inTx((tx) => tx.settlePendingConversion(pending.id, 'duplicate'))).toBeNull();
  });

  it("takes what Stripe kept of a sale: the session by its id or its invoice, and the session's invoice", async () => {
    await inTx(async (tx) => {
      await tx.keepUnattributedSession({
        checkoutSessionId: 'cs_k',
        customerId: 'cus_k',
        subscriptionId: 'sub_k',
        invoiceId: 'in_k',
        amountCents: 4900,
        currency: 'usd',
        occurredAt: t('2026-01-01T00:00:00Z'),
        sourceEventId: 'evt_cs_k',
      });
      await tx.keepUnattributedInvoice(
        invoice('in_k', '2026-01-01T00:00:00Z', { customerId: 'cus_k', subscriptionId: 'sub_k', billingReason: 'subscription_create' }),
      );
    });
    expect(await inTx((tx) => tx.findUnattributedSale({ checkoutSessionId: 'cs_k', invoiceId: null }))).toEqual({ customerId: 'cus_k', invoiceId: 'in_k' });
    const taken = await inTx((tx) => tx.takeUnattributedSale({ checkoutSessionId: null, invoiceId: 'in_k' }));
    expect(taken.session).toMatchObject({ checkoutSessionId: 'cs_k', customerId: 'cus_k', invoiceId: 'in_k' });
    expect(taken.invoice).toMatchObject({ invoiceId: 'in_k', sourceEventId: 'evt_in_k' });
    expect(await inTx((tx) => tx.takeUnattributedSale({ checkoutSessionId: 'cs_k', invoiceId: null }))).toEqual({ session: null, invoice: null });
  });

  /**
   * One script of reads and writes, run through the SQL transaction and through the group state
   * loaded by the group statement from the same rows: every answer and the rows left must agree.
   */
  it('answers as the group implementation does, step by step', async () => {
    const kept = [
      invoice('in_before', '2025-12-01T00:00:00Z'),
      invoice('in_first', '2026-01-01T00:00:00Z', { billingReason: 'subscription_create' }),
      invoice('in_cycle', '2026-02-01T00:00:00Z'),
      invoice('in_one_off_due', '2026-02-10T00:00:00Z', { subscriptionId: null, billingReason: 'manual' }),
      invoice('in_one_off_waiting', '2026-03-10T00:00:00Z', { subscriptionId: null, billingReason: 'manual' }),
      invoice('in_other_sub_waiting', '2026-03-10T00:00:00Z', { subscriptionId: 'sub_2' }),
    ];
    const prior = conversion({ stripeCheckoutSessionId: 'cs_prior', stripeInvoiceId: 'in_prior' });
    const seed = async (tx: SqlAttributionTransaction) => {
      for (const k of kept) await tx.keepUnattributedInvoice(k);
      await tx.insertConversion(prior, announcement(prior));
    };
    const partner = randomUUID();
    const sale = conversion({ partnerId: partner, stripeCheckoutSessionId: 'cs_new', stripeInvoiceId: 'in_new' });
    const script = async (tx: AttributionTransaction) => [
      (await tx.findConversionFor({ checkoutSessionId: 'cs_prior', invoiceId: null }))?.id ?? null,
      (await tx.findConversionFor({ checkoutSessionId: 'cs_new', invoiceId: 'in_new' }))?.id ?? null,
      (await tx.insertConversion(sale, announcement(sale)))?.id ?? null,
      (await tx.insertConversion({ ...sale, id: randomUUID() }, announcement(sale)))?.id ?? null,
      await tx.findBinding('cus_1'),
      await tx.bindCustomer('cus_1', {
        partnerId: partner,
        conversionId: sale.id,
        boundFrom: t('2026-01-15T00:00:00Z'),
        subscriptionId: 'sub_1',
        referralToken: 'ada-spring',
      }),
      await tx.bindCustomer('cus_1', {
        partnerId: randomUUID(),
        conversionId: sale.id,
        boundFrom: t('2026-01-15T00:00:00Z'),
        subscriptionId: null,
        referralToken: null,
      }),
      (await tx.takeRenewalsOf('cus_1', t('2026-01-15T00:00:00Z'), { subscriptionId: 'sub_1', waitedBefore: t('2026-03-01T00:00:00Z') }))
        .map((i) => i.invoiceId)
        .sort(),
      (await tx.dropUnattributedInvoice('in_first'))?.invoiceId ?? null,
      (await tx.dropUnattributedInvoice('in_first'))?.invoiceId ?? null,
      await tx.findBinding('cus_1'),
    ];
    const keys = [
      {
        workspaceId: ws,
        mode,
        customerIds: ['cus_1'],
        checkoutSessionIds: ['cs_prior', 'cs_new'],
        invoiceIds: ['in_new', 'in_first', 'in_prior'],
        clickIds: [],
        promoCodes: [],
      },
    ];

    await inTx(seed);
    const groups = new GroupStore(dataSource);
    const viaGroup = await groups.transaction(async (db) =>
      script(new GroupState(keys, await groups.load(db, keys, new Date('2025-01-01T00:00:00Z'))).transaction(ws, mode)),
    );
    const viaSql = await inTx(script);

    expect(viaSql).toEqual(viaGroup);
    const binding = { partnerId: partner, conversionId: sale.id, boundFrom: t('2026-01-15T00:00:00Z'), subscriptionId: 'sub_1', referralToken: 'ada-spring' };
    expect(viaSql).toEqual([prior.id, null, sale.id, null, null, true, false, ['in_cycle', 'in_one_off_due'], 'in_first', null, binding]);
    const left = await dataSource.query(`SELECT stripe_invoice_id FROM attribution.unattributed_invoices WHERE workspace_id = $1 ORDER BY 1`, [ws]);
    expect(left.map((r: { stripe_invoice_id: string }) => r.stripe_invoice_id)).toEqual(['in_before', 'in_one_off_waiting', 'in_other_sub_waiting']);
  });
});
