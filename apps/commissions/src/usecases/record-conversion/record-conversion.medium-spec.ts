import { randomUUID } from 'node:crypto';
import { useCommissionsTestApp } from '../../testing/commissions-test-app';
import { SetPlanUseCase } from '../set-plan/set-plan.usecase';
import { RecordConversionUseCase } from './record-conversion.usecase';

describe('RecordConversionUseCase (PostgreSQL)', () => {
  const t = useCommissionsTestApp();

  it('makes one pending commission with the terms in force; a redelivered or older event changes nothing', async () => {
    const ws = await t.workspace();
    const sale = t.sale(randomUUID());
    const created = await t.record(ws, sale, 'conversion.created');
    const refunded = await t.record(ws, { ...sale, refunded_amount_cents: 5000 });
    await t.get(RecordConversionUseCase).execute(created); // redelivered, and older than the refund
    await t.get(RecordConversionUseCase).execute({ ...created, id: randomUUID() }); // a copy with another id, as old
    await t.get(RecordConversionUseCase).execute(refunded);
    const [c, ...others] = await t.commissions(ws);
    expect(others).toEqual([]);
    expect(c).toMatchObject({
      status: 'pending',
      amount_cents: '500',
      currency: 'usd',
      terms: expect.objectContaining({ rate: { type: 'percentage', rate_bps: 1000 } }),
    });
  });

  it('makes nothing for a workspace without a plan, nor for a conversion created before the plan', async () => {
    const ws = `ws_noplan_${randomUUID().slice(0, 8)}`;
    await t.record(ws, t.sale(randomUUID()), 'conversion.created');
    const before = t.sale(randomUUID(), { created_at: new Date(Date.now() - 60_000).toISOString() });
    await t.get(SetPlanUseCase).execute(ws, 'test', {
      rate: { type: 'percentage', rate_bps: 500 },
      earns: { initial: true, renewals: true, event_types: [] },
      recurring: { limit: 'forever' },
      hold_days: 1,
    });
    await t.record(ws, before, 'conversion.created');
    expect(await t.commissions(ws)).toEqual([]);
    await t.record(ws, t.sale(randomUUID()), 'conversion.created');
    expect((await t.commissions(ws)).map((c) => c.amount_cents)).toEqual(['500']);
  });

  it("applies a partner's override, and keeps each commission's terms when the plan changes", async () => {
    const ws = await t.workspace();
    const partner = randomUUID();
    await t.record(ws, t.sale(partner), 'conversion.created');
    await new Promise((r) => setTimeout(r, 5)); // the next plan version is later
    await t.get(SetPlanUseCase).execute(ws, 'test', {
      partner_id: partner.toUpperCase(),
      rate: { type: 'flat', amounts: { usd: 700 } },
      earns: { initial: true, renewals: true, event_types: [] },
      recurring: { limit: 'forever' },
      hold_days: 30,
    });
    await t.record(ws, t.sale(partner, { created_at: new Date(Date.now() + 2000).toISOString() }), 'conversion.created');
    await t.record(ws, t.sale(randomUUID(), { created_at: new Date(Date.now() + 2000).toISOString() }), 'conversion.created');
    expect((await t.commissions(ws)).map((c) => [c.amount_cents, c.terms.scope])).toEqual([
      ['1000', 'workspace'],
      ['700', 'partner'],
      ['1000', 'workspace'],
    ]);
  });

  it('limits renewals to the first payments, whichever renewal arrives first', async () => {
    const ws = `ws_pay_${randomUUID().slice(0, 8)}`;
    await t.get(SetPlanUseCase).execute(ws, 'test', {
      rate: { type: 'percentage', rate_bps: 1000 },
      earns: { initial: true, renewals: true, event_types: [] },
      recurring: { limit: 'payments', count: 2 },
      hold_days: 30,
    });
    const partner = randomUUID();
    const initial = t.sale(partner, { occurred_at: '2026-01-01T00:00:00.000Z' });
    const renewal = (occurred_at: string) =>
      t.sale(partner, { kind: 'renewal', initial_conversion_id: initial.id, initial_occurred_at: initial.occurred_at, occurred_at });
    const march = renewal('2026-03-01T00:00:00.000Z');
    const february = renewal('2026-02-01T00:00:00.000Z');
    await t.record(ws, march, 'conversion.created');
    await t.record(ws, initial, 'conversion.created');
    expect((await t.commissions(ws)).map((c) => [c.conversion_id, c.status])).toEqual([
      [march.id, 'pending'],
      [initial.id, 'pending'],
    ]);
    // February's renewal is payment 2: March's becomes payment 3, past the limit, and is reversed.
    await t.record(ws, february, 'conversion.created');
    const byConversion = new Map((await t.commissions(ws)).map((c) => [c.conversion_id, [c.status, c.reason]]));
    expect(byConversion.get(march.id)).toEqual(['reversed', 'not_eligible']);
    expect(byConversion.get(february.id)).toEqual(['pending', null]);
    expect(byConversion.get(initial.id)).toEqual(['pending', null]);
  });
});
