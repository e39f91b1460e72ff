import { randomUUID } from 'node:crypto';
import type { CommissionEvent, ConversionView, PayoutEvent } from '@app/domain';
import { Streams } from '@app/domain';
import { Clock } from '../apps/commissions/src/clock';
import { ApproveDueCommissionsUseCase } from '../apps/commissions/src/usecases/approve-due-commissions/approve-due-commissions.usecase';
import { CommissionsKit } from './support/commissions-kit';
import { eventually, http } from './support/http';
import { TestSystem } from './support/system';

const DAY_MS = 86_400_000;

/**
 * The commissions service against the real PostgreSQL and NATS: conversion and partner events are
 * published on their subjects as attribution and tracking would, and the service is read through
 * its API and its published events. Time is moved with the service's clock, not waited for.
 */
describe('commissions', () => {
  let system: TestSystem;
  let kit: CommissionsKit;
  let ws: string;
  let sk: string;
  let url: string;

  beforeAll(async () => {
    system = await TestSystem.start({ services: ['commissions'] });
    kit = new CommissionsKit(system);
    ws = system.workspaceId;
    sk = await kit.secretKey(ws, 'test');
    url = system.urls.commissions;
    const plan = await http('POST', `${url}/v1/plans`, { key: sk, json: { rate: { type: 'percentage', rate_bps: 2000 } } });
    expect(plan.status).toBe(201);
  });
  afterAll(() => system?.stop());

  const api = (method: string, path: string, options: { json?: unknown; headers?: Record<string, string>; key?: string } = {}) =>
    http(method, `${url}${path}`, { key: sk, ...options });

  async function commissionOf(conversionId: string, key = sk): Promise<Record<string, any> | undefined> {
    await system.commissionsIdle();
    const list = await http('GET', `${url}/v1/commissions?limit=100`, { key });
    return (list.body.data as Array<Record<string, any>>).find((c) => c.conversion_id === conversionId);
  }

  const waitFor = (conversionId: string, check: (c: Record<string, any>) => boolean, what: string) =>
    eventually(async () => {
      const c = await commissionOf(conversionId);
      return c && check(c) ? c : undefined;
    }, what);

  async function publish(conversion: ConversionView, type: 'conversion.created' | 'conversion.updated' = 'conversion.updated') {
    const event = kit.event(ws, conversion, type);
    await kit.publishConversion(event);
    return event;
  }

  async function sweep(days: number) {
    system.commissions!.get(Clock).advance(days * DAY_MS);
    await system.commissions!.get(ApproveDueCommissionsUseCase).execute();
  }

  it('takes a sale from pending to approved to paid, and nets a later refund from the next payout', async () => {
    const partner = randomUUID();
    await kit.publishPartner({
      workspace_id: ws,
      mode: 'test',
      partner_id: partner,
      name: 'Ada, "the" Partner',
      email: 'ada@example.com',
      payout_email: 'payouts@ada.example',
      payout_reference: 'IBAN DE89 3704, Ada',
      updated_at: kit.tick(),
    });
    const sale = kit.sale(ws, 'test', partner, { amount_cents: 12_000, commissionable_amount_cents: 10_000 });
    const created = await publish(sale, 'conversion.created');
    await kit.publishConversion(created, randomUUID()); // a redelivery past JetStream's duplicate window
    const pending = await waitFor(sale.id, (c) => c.status === 'pending', 'a pending commission');
    expect(pending).toMatchObject({ amount_cents: 2000, currency: 'usd', partner_id: partner, terms: { rate: { type: 'percentage', rate_bps: 2000 } } });
    expect((await api('GET', `/v1/commissions?partner_id=${partner}`)).body.data).toHaveLength(1);

    await sweep(31);
    await waitFor(sale.id, (c) => c.status === 'approved', 'the approved commission');

    const first = await api('POST', '/v1/payouts', { json: { currency: 'USD', partner_ids: [partner] }, headers: { 'idempotency-key': `k1-${partner}` } });
    expect(first.status).toBe(201);
    expect(first.body.payouts).toHaveLength(1);
    expect(first.body.payouts[0]).toMatchObject({ status: 'draft', amount_cents: 2000, line_count: 1, partner_id: partner });
    const again = await api('POST', '/v1/payouts', { json: { currency: 'usd', partner_ids: [partner] }, headers: { 'idempotency-key': `k1-${partner}` } });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const other = await api('POST', '/v1/payouts', { json: { currency: 'eur' }, headers: { 'idempotency-key': `k1-${partner}` } });
    expect(other.status).toBe(409);
    const payoutId = first.body.payouts[0].id;

    const csv = await api('GET', `/v1/payout-batches/${first.body.id}/csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.body).toBe(
      'partner_id,name,email,amount,amount_cents,currency,period_start,period_end,count,status,reference\r\n' +
        `${partner},"Ada, ""the"" Partner",payouts@ada.example,20.00,2000,USD,${pending.created_at.slice(0, 10)},${pending.created_at.slice(0, 10)},1,draft,"IBAN DE89 3704, Ada"\r\n`,
    );

    const paid = await api('POST', `/v1/payouts/${payoutId}/mark-paid`, { json: { reference: 'wire-001' } });
    expect(paid.body).toMatchObject({ status: 'paid', reference: 'wire-001' });
    expect((await api('POST', `/v1/payouts/${payoutId}/mark-paid`, { json: { reference: 'wire-001' } })).status).toBe(200);
    expect((await api('POST', `/v1/payouts/${payoutId}/mark-paid`, { json: { reference: 'wire-002' } })).status).toBe(409);
    expect((await api('POST', `/v1/payouts/${payoutId}/cancel`)).status).toBe(409);
    await waitFor(sale.id, (c) => c.status === 'paid', 'the paid commission');

    // Half refunded after it was paid: the commission stays as paid, 1000 is owed back.
    await publish({ ...sale, refunded_amount_cents: 6000 });
    const afterRefund = await waitFor(sale.id, (c) => c.adjustments_cents === -1000, 'the adjustment');
    expect(afterRefund).toMatchObject({ status: 'paid', amount_cents: 2000, net_amount_cents: 1000 });
    const balance = await api('GET', `/v1/partners/${partner}/balance`);
    expect(balance.body.currencies).toEqual([expect.objectContaining({ currency: 'usd', paid: 2000, owed_back: 1000, approved: 0 })]);
    expect((await api('POST', `/v1/commissions/${sale.id}/void`, { json: { reason: 'x' } })).status).toBe(404);
    expect((await api('POST', `/v1/commissions/${afterRefund.id}/void`, { json: { reason: 'fraud' } })).status).toBe(409);

    // Under the minimum, nothing is drafted; the next sale, approved early, pays net of what is owed back.
    const next = kit.sale(ws, 'test', partner);
    await publish(next, 'conversion.created');
    const nextCommission = await waitFor(next.id, (c) => c.status === 'pending' || c.status === 'approved', 'the second commission');
    const approved = await api('POST', `/v1/commissions/${nextCommission.id}/approve`);
    expect(approved.body).toMatchObject({ status: 'approved', amount_cents: 2000 });
    const tooSmall = await api('POST', '/v1/payouts', {
      json: { currency: 'usd', partner_ids: [partner], minimum_amount_cents: 5000 },
      headers: { 'idempotency-key': `k2-${partner}` },
    });
    expect(tooSmall.body.payouts).toEqual([]);
    const second = await api('POST', '/v1/payouts', { json: { currency: 'usd', partner_ids: [partner] }, headers: { 'idempotency-key': `k3-${partner}` } });
    expect(second.body.payouts[0]).toMatchObject({ amount_cents: 1000, line_count: 2 });
    const withLines = await api('GET', `/v1/payouts/${second.body.payouts[0].id}`);
    expect(withLines.body.lines.map((l: { type: string; amount_cents: number }) => [l.type, l.amount_cents])).toEqual([
      ['commission', 2000],
      ['adjustment', -1000],
    ]);

    // Cancelled: its lines are released and a new payout takes them again.
    expect((await api('POST', `/v1/payouts/${second.body.payouts[0].id}/cancel`)).body.status).toBe('cancelled');
    expect((await api('GET', `/v1/partners/${partner}/balance`)).body.currencies[0]).toMatchObject({ approved: 2000, owed_back: 1000, in_payout: 0 });
    const third = await api('POST', '/v1/payouts', { json: { currency: 'usd', partner_ids: [partner] }, headers: { 'idempotency-key': `k4-${partner}` } });
    expect(third.body.payouts[0]).toMatchObject({ amount_cents: 1000, line_count: 2 });

    // The events went out on the COMMISSIONS stream.
    const events = await eventually(async () => {
      const all = await system.streamContents<CommissionEvent | PayoutEvent>(Streams.commissions.name);
      return all.some((e) => e.subject === 'payout.paid') ? all : undefined;
    }, 'the payout.paid event');
    const types = new Set(events.map((e) => e.subject));
    expect([...types].sort()).toEqual(['commission.created', 'commission.updated', 'payout.created', 'payout.paid']);
    const paidEvent = events.find((e) => e.subject === 'payout.paid')!.data as PayoutEvent;
    expect(paidEvent).toMatchObject({ type: 'payout.paid', workspace_id: ws, mode: 'test', payout: { id: payoutId, object: 'payout', status: 'paid' } });
  });

  it('nets nothing for a commission still in a draft: a refund waits for that draft to be paid or cancelled', async () => {
    const partner = randomUUID();
    const first = kit.sale(ws, 'test', partner);
    await publish(first, 'conversion.created');
    const c1 = await waitFor(first.id, (c) => c.status === 'pending', 'the first commission');
    await api('POST', `/v1/commissions/${c1.id}/approve`);
    const draft = await api('POST', '/v1/payouts', { json: { currency: 'usd', partner_ids: [partner] }, headers: { 'idempotency-key': `d1-${partner}` } });
    expect(draft.body.payouts[0]).toMatchObject({ amount_cents: 2000, line_count: 1 });
    // Refunded by a fifth while its payout is a draft: what it owes back is the draft's business.
    await publish({ ...first, refunded_amount_cents: 2000 });
    await waitFor(first.id, (c) => c.adjustments_cents === -400, 'the adjustment');
    const second = kit.sale(ws, 'test', partner);
    await publish(second, 'conversion.created');
    const c2 = await waitFor(second.id, (c) => c.status === 'pending', 'the second commission');
    await api('POST', `/v1/commissions/${c2.id}/approve`);
    const next = await api('POST', '/v1/payouts', { json: { currency: 'usd', partner_ids: [partner] }, headers: { 'idempotency-key': `d2-${partner}` } });
    expect(next.body.payouts[0]).toMatchObject({ amount_cents: 2000, line_count: 1 });
    // Once the first draft is paid, the 400 it paid too much is netted from the following payout.
    await api('POST', `/v1/payouts/${draft.body.payouts[0].id}/mark-paid`, { json: { reference: 'wire-d1' } });
    await api('POST', `/v1/payouts/${next.body.payouts[0].id}/cancel`);
    const third = await api('POST', '/v1/payouts', { json: { currency: 'usd', partner_ids: [partner] }, headers: { 'idempotency-key': `d3-${partner}` } });
    expect(third.body.payouts[0]).toMatchObject({ amount_cents: 1600, line_count: 2 });
  });

  it('follows the latest state whatever the order and redeliveries of partial refunds', async () => {
    const partner = randomUUID();
    const sale = kit.sale(ws, 'test', partner);
    const e1 = kit.event(ws, sale, 'conversion.created');
    const e2 = kit.event(ws, { ...sale, refunded_amount_cents: 2000 });
    const e3 = kit.event(ws, { ...sale, refunded_amount_cents: 5000 });
    for (const [e, redelivery] of [
      [e3, false],
      [e1, false],
      [e2, false],
      [e3, true],
      [e1, true],
    ] as const)
      await kit.publishConversion(e, redelivery ? randomUUID() : e.id);
    const c = await waitFor(sale.id, () => true, 'the commission');
    expect(c).toMatchObject({ amount_cents: 1000, status: 'pending' });
    expect((await api('GET', `/v1/commissions?partner_id=${partner}`)).body.data).toHaveLength(1);
    await publish({ ...sale, refunded_amount_cents: 10_000 });
    await waitFor(sale.id, (x) => x.status === 'reversed' && x.amount_cents === 0 && x.reversal_reason === 'refunded', 'the reversal');
  });

  it('holds a commission while its dispute is open, returns it when won and reverses it when lost', async () => {
    const partner = randomUUID();
    const sale = kit.sale(ws, 'test', partner);
    await publish(sale, 'conversion.created');
    await waitFor(sale.id, (c) => c.status === 'pending', 'pending');
    await publish({ ...sale, dispute_status: 'open' });
    await waitFor(sale.id, (c) => c.status === 'on_hold', 'on hold');
    await sweep(40); // a held commission is not approved
    await waitFor(sale.id, (c) => c.status === 'on_hold', 'still on hold');
    await publish({ ...sale, dispute_status: 'won' });
    await waitFor(sale.id, (c) => c.status === 'pending' && c.amount_cents === 2000, 'back to pending');
    await sweep(0);
    await waitFor(sale.id, (c) => c.status === 'approved', 'approved once its hold ended');

    const lost = kit.sale(ws, 'test', partner);
    await publish(lost, 'conversion.created');
    // Each state waited for: a later state read first would leave no commission at all (also right, but not this test's point).
    await waitFor(lost.id, (c) => c.status === 'pending', 'pending');
    await publish({ ...lost, dispute_status: 'open' });
    await publish({ ...lost, dispute_status: 'lost' });
    await waitFor(lost.id, (c) => c.status === 'reversed' && c.reversal_reason === 'dispute_lost', 'reversed');

    const duplicate = kit.sale(ws, 'test', partner);
    await publish(duplicate, 'conversion.created');
    await waitFor(duplicate.id, (c) => c.status === 'pending', 'pending');
    await publish({ ...duplicate, status: 'duplicate' });
    await waitFor(duplicate.id, (c) => c.status === 'reversed' && c.reversal_reason === 'duplicate', 'reversed as a duplicate');
  });

  it('holds a self-referral for review, and the merchant decides', async () => {
    const partner = randomUUID();
    await kit.publishPartner({ workspace_id: ws, mode: 'test', partner_id: partner, name: 'Self', email: ' Self@Example.com', updated_at: kit.tick() });
    await system.commissionsIdle();
    const sale = kit.sale(ws, 'test', partner, { customer_email: 'self@example.com' });
    await publish(sale, 'conversion.created');
    const held = await waitFor(sale.id, (c) => c.status === 'in_review', 'in review');
    expect(held.review_reason).toBe('self_referral');
    await sweep(31);
    expect((await commissionOf(sale.id))!.status).toBe('in_review');
    const voided = await api('POST', `/v1/commissions/${held.id}/void`, { json: { reason: 'bought through their own link' } });
    expect(voided.body).toMatchObject({ status: 'voided', void_reason: 'bought through their own link', net_amount_cents: 0 });
  });

  it('holds commissions of a partner refunded above the threshold for review', async () => {
    const partner = randomUUID();
    const kept = kit.sale(ws, 'test', partner);
    const refunded = kit.sale(ws, 'test', partner, { refunded_amount_cents: 6000 }); // 30% of the partner's sales
    await publish(kept, 'conversion.created');
    await publish(refunded, 'conversion.created');
    await waitFor(refunded.id, (c) => c.status === 'pending', 'pending');
    await sweep(31);
    const held = await waitFor(kept.id, (c) => c.status === 'in_review', 'in review');
    expect(held.review_reason).toBe('high_refund_rate');
    const approved = await api('POST', `/v1/commissions/${held.id}/approve`);
    expect(approved.body).toMatchObject({ status: 'approved', review_reason: 'high_refund_rate' });
    expect(approved.body.reviewed_at).not.toBeNull();
  });

  it('keeps workspaces and modes apart', async () => {
    const partner = randomUUID();
    const sale = kit.sale(ws, 'test', partner);
    await publish(sale, 'conversion.created');
    const c = await waitFor(sale.id, () => true, 'the commission');
    const live = await kit.secretKey(ws, 'live');
    const otherWorkspace = await kit.secretKey(`${ws}_b`, 'test');
    for (const key of [live, otherWorkspace]) {
      expect((await http('GET', `${url}/v1/commissions?partner_id=${partner}`, { key })).body.data).toEqual([]);
      expect((await http('GET', `${url}/v1/commissions/${c.id}`, { key })).status).toBe(404);
      expect((await http('GET', `${url}/v1/partners/${partner}/balance`, { key })).body.currencies).toEqual([]);
    }
    // The other workspace has no plan: its sales earn nothing until it sets one.
    const theirs = kit.sale(`${ws}_b`, 'test', partner);
    await kit.publishConversion(kit.event(`${ws}_b`, theirs, 'conversion.created'));
    await system.commissionsIdle();
    expect((await http('GET', `${url}/v1/commissions`, { key: otherWorkspace })).body.data).toEqual([]);
  });

  it('sums clicks, conversions, revenue and commissions by partner and by day, per currency', async () => {
    const partner = randomUUID();
    await kit.publishClick(ws, 'test', partner);
    await kit.publishClick(ws, 'test', partner);
    const usd = kit.sale(ws, 'test', partner, { refunded_amount_cents: 1000 });
    const jpy = kit.sale(ws, 'test', partner, { currency: 'jpy', amount_cents: 3333, commissionable_amount_cents: 3333 });
    await publish(usd, 'conversion.created');
    await publish(jpy, 'conversion.created');
    await system.commissionsIdle();
    // The kit's event times run ahead of the wall clock: the period reaches a day ahead.
    const to = new Date(Date.now() + DAY_MS).toISOString();
    const summary = await api('GET', `/v1/commission-summary?group_by=partner&to=${to}`);
    expect(summary.status).toBe(200);
    expect(summary.body.data.find((r: { partner_id: string }) => r.partner_id === partner)).toEqual({
      partner_id: partner,
      clicks: 2,
      currencies: [
        { currency: 'jpy', conversions: 1, revenue_cents: 3333, commissions_cents: 667 },
        { currency: 'usd', conversions: 1, revenue_cents: 9000, commissions_cents: 1800 },
      ],
    });
    const byDay = await api('GET', `/v1/commission-summary?to=${to}`);
    expect(byDay.body.data.map((r: { day: string }) => r.day)).toContain(new Date().toISOString().slice(0, 10));
  });

  it('answers bad input with a 4xx that says what to fix', async () => {
    const cases: Array<[string, string, { json?: unknown; headers?: Record<string, string>; key?: string }, number, RegExp]> = [
      ['GET', '/v1/commissions', { key: '' }, 401, /Missing API key/],
      ['POST', '/v1/plans', { json: { rate: { type: 'percentage', rate_bps: 12.5 } } }, 400, /rate\.rate_bps: must be a whole number/],
      ['POST', '/v1/plans', { json: { rate: { type: 'flat', amounts: { USD: 5 } } } }, 400, /lower-case ISO 4217/],
      ['POST', '/v1/plans', { json: { rate: { type: 'percentage', rate_bps: 100 }, recurring: { limit: 'months' } } }, 400, /recurring\.count/],
      ['POST', '/v1/payouts', { json: { currency: 'usd' } }, 400, /Idempotency-Key/],
      ['POST', '/v1/payouts', { json: { currency: 'dollars' }, headers: { 'idempotency-key': 'x' } }, 400, /currency/],
      ['GET', '/v1/commissions?status=owed', {}, 400, /status must be one of/],
      ['GET', '/v1/commissions?currency=1', {}, 400, /currency must be/],
      ['GET', '/v1/commissions?currency=usd&currency=eur', {}, 400, /currency must be given once/],
      ['GET', '/v1/payouts?status=sent', {}, 400, /status must be one of draft, paid, cancelled/],
      ['GET', '/v1/commissions?created_from=yesterday', {}, 400, /created_from must be an ISO 8601 date/],
      ['GET', '/v1/commissions?starting_after=nope', {}, 400, /starting_after/],
      ['GET', '/v1/commissions?limit=1000', {}, 400, /limit/],
      ['GET', '/v1/commissions/not-an-id', {}, 404, /No commission not-an-id/],
      ['POST', `/v1/commissions/${randomUUID()}/approve`, {}, 404, /No commission/],
      ['POST', `/v1/commissions/${randomUUID()}/void`, { json: {} }, 400, /reason/],
      ['POST', `/v1/payouts/${randomUUID()}/mark-paid`, { json: { reference: '' } }, 400, /reference/],
      ['POST', `/v1/payouts/${randomUUID()}/mark-paid`, { json: { reference: 'r' } }, 404, /No payout/],
      ['GET', '/v1/partners/bob/balance', {}, 400, /partner_id must be a partner id/],
      ['GET', '/v1/commission-summary?group_by=week', {}, 400, /group_by/],
      ['GET', '/v1/commission-summary?from=2026-02-01&to=2026-01-01', {}, 400, /from must be before to/],
      ['GET', `/v1/payout-batches/${randomUUID()}/csv`, {}, 404, /No payout batch/],
    ];
    for (const [method, path, options, status, message] of cases) {
      const answer = await api(method, path, options);
      expect([method, path, answer.status]).toEqual([method, path, status]);
      expect(String(answer.body.message)).toMatch(message);
    }
  });

  it('makes one commission per conversion across two replicas, whatever the redeliveries', async () => {
    await system.addCommissionsReplica();
    const partner = randomUUID();
    const sales = Array.from({ length: 40 }, () => kit.sale(ws, 'test', partner, { amount_cents: 5000, commissionable_amount_cents: 5000 }));
    const events = sales.flatMap((sale) => [kit.event(ws, sale, 'conversion.created'), kit.event(ws, { ...sale, refunded_amount_cents: 1000 })]);
    await Promise.all([...events, ...events].map((e, i) => kit.publishConversion(e, i < events.length ? e.id : randomUUID())));
    await system.commissionsIdle();
    const list = await api('GET', `/v1/commissions?partner_id=${partner}&limit=100`);
    expect(list.body.data).toHaveLength(40);
    expect(new Set(list.body.data.map((c: { conversion_id: string }) => c.conversion_id)).size).toBe(40);
    expect(list.body.data.every((c: { amount_cents: number }) => c.amount_cents === 800)).toBe(true);
  });

  it('drafts one batch for concurrent requests with one Idempotency-Key, and never puts a commission in two payouts', async () => {
    const partner = randomUUID();
    for (let i = 0; i < 3; i++) {
      const sale = kit.sale(ws, 'test', partner, { currency: 'eur' });
      await publish(sale, 'conversion.created');
      const c = await waitFor(sale.id, () => true, 'the commission');
      await api('POST', `/v1/commissions/${c.id}/approve`);
    }
    const body = { currency: 'eur', partner_ids: [partner] };
    const same = await Promise.all([1, 2, 3, 4].map(() => api('POST', '/v1/payouts', { json: body, headers: { 'idempotency-key': `same-${partner}` } })));
    expect(new Set(same.map((a) => a.body.id)).size).toBe(1);
    expect(same.map((a) => a.status).sort()).toEqual([200, 200, 200, 201]);
    expect(same[0].body.payouts).toEqual([expect.objectContaining({ amount_cents: 6000, line_count: 3 })]);
    // Other keys at once: the lines are taken already, so nothing more is drafted.
    const others = await Promise.all([1, 2, 3].map((i) => api('POST', '/v1/payouts', { json: body, headers: { 'idempotency-key': `other-${i}-${partner}` } })));
    expect(others.flatMap((a) => a.body.payouts)).toEqual([]);
  });

  it('answers health checks', async () => {
    expect((await http('GET', `${url}/health/ready`)).status).toBe(200);
  });
});
