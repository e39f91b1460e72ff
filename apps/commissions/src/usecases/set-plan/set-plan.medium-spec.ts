import { randomUUID } from 'node:crypto';
import { useCommissionsTestApp } from '../../testing/commissions-test-app';
import { SetPlanUseCase } from './set-plan.usecase';
import { CommissionsStore } from '../../store/commissions-store';

describe('SetPlanUseCase (PostgreSQL)', () => {
  const t = useCommissionsTestApp();

  it('adds a version in force from now: earlier conversions keep the version before', async () => {
    const ws = `ws_plan_${randomUUID().slice(0, 8)}`;
    const partner = randomUUID();
    const base = { earns: { initial: true, renewals: true, event_types: [] }, recurring: { limit: 'forever' as const }, hold_days: 30 };
    const v1 = await t.get(SetPlanUseCase).execute(ws, 'test', { ...base, rate: { type: 'percentage', rate_bps: 100 } });
    await new Promise((r) => setTimeout(r, 5));
    const v2 = await t.get(SetPlanUseCase).execute(ws, 'test', { ...base, rate: { type: 'percentage', rate_bps: 200 } });
    const plans = t.get(CommissionsStore).plans;
    const db = t.get(CommissionsStore).db;
    expect((await plans.termsInForce(db, ws, 'test', partner, v1.effectiveFrom))?.plan_id).toBe(v1.id);
    expect((await plans.termsInForce(db, ws, 'test', partner, new Date()))?.plan_id).toBe(v2.id);
    expect(await plans.termsInForce(db, ws, 'live', partner, new Date())).toBeNull();
    expect(await plans.termsInForce(db, ws, 'test', partner, new Date(v1.effectiveFrom.getTime() - 1))).toBeNull();
    expect((await plans.current(db, ws, 'test', new Date())).map((p) => p.id)).toEqual([v2.id]);
  });
});
