import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DisputeStatus, Mode } from '@app/domain';
import type { NatsClient } from '@app/messaging';
import { attributionDatabase } from '../../../../../test/support/attribution-database';
import { AttributionStore } from '../../attribution.store';
import type { AttributionConfig } from '../../config';
import { conversionFromRow } from '../../conversions/conversion-record';
import type { OutboxMessage, OutboxRelay } from '../../outbox/outbox-relay';
import { SaleRecorder } from '../../sales/sale-recorder';
import { SqlAttributionTransaction } from '../../sql-attribution-transaction';
import { conversionRecord } from '../../testing/records';
import { ApplyKeptMoneyBackUseCase } from '../apply-kept-money-back/apply-kept-money-back.usecase';
import { ReportRefundCommand } from '../report-refund/report-refund.command';
import { ReportRefundUseCase } from '../report-refund/report-refund.usecase';
import { ApplyMoneyBackCommand } from './apply-money-back.command';
import { ApplyMoneyBackUseCase } from './apply-money-back.usecase';

/**
 * The money-back use cases against the real PostgreSQL (NATS stands aside: what the transaction
 * announced is collected where the relay would publish it). The end-to-end proof through the real
 * services is test/money-back.e2e-spec.ts.
 */
describe('money coming back, against a real PostgreSQL', () => {
  const database = attributionDatabase('money_back', { poolSize: 4 });
  let dataSource: DataSource;
  let store: AttributionStore;
  let announced: OutboxMessage[];
  const mode: Mode = 'test';
  const config = {
    MONEY_BACK_WAIT_SECONDS: 60,
    MONEY_BACK_SWEEP_INTERVAL_MS: 1,
    UNATTRIBUTED_INVOICE_RETENTION_DAYS: 45,
    OWN_SALE_WAIT_SECONDS: 600,
  } as AttributionConfig;
  const nats = { subject: (s: string) => `spec.${s}` } as unknown as NatsClient;
  const sales = new SaleRecorder(nats, config);

  beforeAll(async () => {
    dataSource = await database.setUp();
    const outbox = { publishCommitted: (messages: OutboxMessage[]) => announced.push(...messages) } as unknown as OutboxRelay;
    store = new AttributionStore(dataSource, outbox);
  });
  afterAll(() => database.tearDown());
  beforeEach(() => (announced = []));

  const useCase = (c: Partial<AttributionConfig> = {}) => new ApplyMoneyBackUseCase(store, sales, { ...config, ...c });
  const sweeper = (c: Partial<AttributionConfig> = {}) => new ApplyKeptMoneyBackUseCase(store, sales, { ...config, ...c });
  const id = (prefix: string) => `${prefix}_${randomBytes(6).toString('hex')}`;

  /** A converted Checkout sale of 4900 in a workspace of its own, reached through `pi`. */
  async function sale(ws: string, over: { amountCents?: number; externalTransactionId?: string | null } = {}) {
    const session = id('cs');
    const pi = id('pi');
    const recorded = await store.transaction(ws, mode, async (tx) => {
      const c = conversionRecord({
        id: randomUUID(),
        workspaceId: ws,
        mode,
        partnerId: randomUUID(),
        amountCents: over.amountCents ?? 4900,
        stripeCheckoutSessionId: session,
        source: over.externalTransactionId ? 'api' : 'stripe',
        externalTransactionId: over.externalTransactionId ?? null,
        createdAt: new Date(),
      });
      return tx.insertConversion(c, { subject: 'spec.conversion.created', msgId: c.id, payload: {} });
    });
    return { conversion: recorded!, session, pi };
  }
  async function link(ws: string, paymentId: string, saleId: string) {
    await store.linkPayments(ws, mode, [{ paymentId, saleId }]);
  }
  function moneyBack(ws: string, pi: string, change: { refunded?: number; dispute?: DisputeStatus }, at = new Date()): ApplyMoneyBackCommand {
    return {
      workspaceId: ws,
      mode,
      eventId: id('evt'),
      eventType: change.dispute ? 'charge.dispute.updated' : 'charge.refunded',
      eventCreatedAt: at,
      storedAt: at,
      paymentIds: [pi],
      change: { refundedAmountCents: change.refunded ?? null, disputeStatus: change.dispute ?? null },
      links: [],
      what: 'spec',
    };
  }
  async function stored(conversionId: string) {
    const [row] = await dataSource.query<Record<string, unknown>[]>(`SELECT * FROM attribution.conversions WHERE id = $1`, [conversionId]);
    return conversionFromRow(row);
  }
  async function outcome(ws: string, eventId: string) {
    const [row] = await dataSource.query<Array<{ outcome: string; conversion_id: string | null }>>(
      `SELECT outcome, conversion_id FROM attribution.stripe_events WHERE workspace_id = $1 AND event_id = $2`,
      [ws, eventId],
    );
    return row;
  }

  it('gives one result in every order of the same events, each change announced once', async () => {
    const events: Array<{ refunded?: number; dispute?: DisputeStatus }> = [{ refunded: 1000 }, { refunded: 2500 }, { dispute: 'open' }, { dispute: 'lost' }];
    const orders = [
      [0, 1, 2, 3],
      [3, 2, 1, 0],
      [1, 0, 3, 2],
      [2, 3, 0, 1],
    ];
    for (const order of orders) {
      const ws = id('ws');
      const { conversion, pi, session } = await sale(ws);
      await link(ws, pi, session);
      announced = [];
      const commands = order.map((i) => moneyBack(ws, pi, events[i]));
      for (const command of commands) expect((await useCase().execute(command)).outcome).toBe('refund_applied');
      // Redeliveries are dropped by the ledger.
      for (const command of commands) expect((await useCase().execute(command)).outcome).toBe('already_processed');
      expect(await stored(conversion.id)).toMatchObject({ refundedAmountCents: 2500, disputeStatus: 'lost' });
      const states = announced.map((m) => (m.payload as { conversion: { refunded_amount_cents: number; dispute_status: string | null } }).conversion);
      expect(states.at(-1)).toMatchObject({ refunded_amount_cents: 2500, dispute_status: 'lost' });
      expect(announced.every((m) => m.subject === 'spec.conversion.updated')).toBe(true);
    }
  });

  it('a refund before its link is kept, then applied by the sweep once the link comes', async () => {
    const ws = id('ws');
    const { conversion, pi, session } = await sale(ws);
    const refund = moneyBack(ws, pi, { refunded: 4900 });
    expect(await useCase().execute(refund)).toMatchObject({ outcome: 'awaiting_sale_of_payment', conversionId: null });
    expect(await sweeper().execute()).toEqual({ applied: 0, closed: 0 });

    await link(ws, pi, session);
    await new Promise((resolve) => setTimeout(resolve, 20)); // past its next look (the first wait is 1 ms here, doubled by the miss)
    expect((await sweeper().execute()).applied).toBeGreaterThanOrEqual(1);
    expect(await outcome(ws, refund.eventId)).toEqual({ outcome: 'refund_applied', conversion_id: conversion.id });
    expect((await stored(conversion.id)).refundedAmountCents).toBe(4900);
  });

  it('an InvoicePayment link that finds its sale applies the refunds kept for that payment at once, without the sweep', async () => {
    const ws = id('ws');
    const { conversion, pi, session } = await sale(ws);
    const refund = moneyBack(ws, pi, { refunded: 1300 });
    const opened = moneyBack(ws, pi, { dispute: 'open' });
    expect((await useCase().execute(refund)).outcome).toBe('awaiting_sale_of_payment');
    expect((await useCase().execute(opened)).outcome).toBe('awaiting_sale_of_payment');
    const linkEvent = { ...moneyBack(ws, session, {}), eventType: 'invoice_payment.paid', links: [{ paymentId: pi, saleId: session }] };
    expect(await useCase().execute(linkEvent)).toMatchObject({ outcome: 'already_counted', conversionId: conversion.id });
    expect(await outcome(ws, refund.eventId)).toEqual({ outcome: 'refund_applied', conversion_id: conversion.id });
    expect(await outcome(ws, opened.eventId)).toEqual({ outcome: 'refund_applied', conversion_id: conversion.id });
    expect(await stored(conversion.id)).toMatchObject({ refundedAmountCents: 1300, disputeStatus: 'open' });
  });

  it('a kept event still without a sale is looked at less and less often', async () => {
    const ws = id('ws');
    const refund = moneyBack(ws, id('pi'), { refunded: 100 });
    await useCase().execute(refund);
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      await dataSource.query(`UPDATE attribution.kept_money_back SET check_after = now() WHERE workspace_id = $1`, [ws]);
      await sweeper({ MONEY_BACK_SWEEP_INTERVAL_MS: 1000 }).execute();
      const [row] = await dataSource.query<Array<{ wait_ms: number }>>(
        `SELECT (extract(epoch FROM check_after - now()) * 1000)::float8 AS wait_ms FROM attribution.kept_money_back WHERE workspace_id = $1`,
        [ws],
      );
      waits.push(Math.round(row.wait_ms / 1000));
    }
    expect(waits).toEqual([1, 2, 4, 8]);
  });

  it('a refund of no sale is closed no_sale once its wait is over, and not before', async () => {
    const ws = id('ws');
    const refund = moneyBack(ws, id('pi'), { refunded: 100 }, new Date(Date.now() - 30_000));
    await useCase().execute(refund);
    await sweeper({ MONEY_BACK_WAIT_SECONDS: 3600 }).execute();
    expect((await outcome(ws, refund.eventId)).outcome).toBe('awaiting_sale_of_payment');
    await sweeper({ MONEY_BACK_WAIT_SECONDS: 10 }).execute();
    expect(await outcome(ws, refund.eventId)).toEqual({ outcome: 'no_sale', conversion_id: null });
  });

  it('a Conversion API refund: the cumulative total, idempotent; 404, 409 and 422 change nothing', async () => {
    const ws = `ws_${randomBytes(4).toString('hex')}`;
    const externalId = id('order');
    const { conversion } = await sale(ws, { externalTransactionId: externalId, amountCents: 5000 });
    announced = [];
    const report = new ReportRefundUseCase(store, sales);
    const call = (amount: number, external = externalId) =>
      report.execute(ReportRefundCommand.parse({ workspace_id: ws, mode, refund: { external_transaction_id: external, amount_refunded_cents: amount } }));

    expect(await call(2000)).toMatchObject({ status: 200, conversion: { id: conversion.id, refunded_amount_cents: 2000 } });
    expect(await call(2000)).toMatchObject({ status: 200, conversion: { refunded_amount_cents: 2000 } });
    expect(announced.map((m) => m.subject)).toEqual(['spec.conversion.updated']);
    expect(await call(1999)).toMatchObject({ status: 409, code: 'refund_below_recorded', conversion: { refunded_amount_cents: 2000 } });
    expect(await call(5001)).toMatchObject({ status: 422, code: 'refund_above_sale' });
    expect(await call(1, 'order-unknown')).toMatchObject({ status: 404, code: 'unknown_transaction' });
    expect((await stored(conversion.id)).refundedAmountCents).toBe(2000);
    expect(() => ReportRefundCommand.parse({ workspace_id: ws, mode, refund: { external_transaction_id: externalId, amount_refunded_cents: -1 } })).toThrow();
  });

  it('a sale whose conversion is a duplicate: the refund goes to the one that stands', async () => {
    const ws = id('ws');
    const invoice = id('in');
    const standing = await store.transaction(ws, mode, (tx: SqlAttributionTransaction) => {
      const c = conversionRecord({
        id: randomUUID(),
        workspaceId: ws,
        mode,
        partnerId: randomUUID(),
        amountCents: 4900,
        stripeInvoiceId: invoice,
        createdAt: new Date(),
      });
      return tx.insertConversion(c, { subject: 'spec.conversion.created', msgId: c.id, payload: {} });
    });
    const { conversion: later, pi, session } = await sale(ws);
    await store.transaction(ws, mode, (tx) => tx.markDuplicate(later.id, standing!));
    await link(ws, pi, session);
    await link(ws, invoice, session);
    await link(ws, pi, invoice);
    const refund = moneyBack(ws, pi, { refunded: 4900 });
    expect(await useCase().execute(refund)).toMatchObject({ outcome: 'refund_applied', conversionId: standing!.id });
    expect((await stored(later.id)).refundedAmountCents).toBe(0);
  });
});
