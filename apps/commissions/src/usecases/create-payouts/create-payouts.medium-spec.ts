import { ConflictException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { useCommissionsTestApp } from '../../testing/commissions-test-app';
import { ReviewCommissionUseCase } from '../review-commission/review-commission.usecase';
import { CreatePayoutsUseCase } from './create-payouts.usecase';

describe('CreatePayoutsUseCase (PostgreSQL)', () => {
  const t = useCommissionsTestApp();

  it('pays each partner its approved balance in one currency above the minimum, once per Idempotency-Key', async () => {
    const ws = await t.workspace();
    const [rich, poor] = [randomUUID(), randomUUID()];
    await t.record(ws, t.sale(rich, { amount_cents: 50_000, commissionable_amount_cents: 50_000 }), 'conversion.created');
    await t.record(ws, t.sale(poor, { amount_cents: 1000, commissionable_amount_cents: 1000 }), 'conversion.created');
    await t.record(ws, t.sale(rich, { currency: 'jpy', amount_cents: 5000, commissionable_amount_cents: 5000 }), 'conversion.created');
    for (const c of await t.commissions(ws))
      await t.get(ReviewCommissionUseCase).execute({ workspaceId: ws, mode: 'test', commissionId: c.id, decision: 'approve' });
    const create = t.get(CreatePayoutsUseCase);
    const command = { workspaceId: ws, mode: 'test' as const, idempotencyKey: 'k', currency: 'usd', minimum_amount_cents: 1000 };
    const batch = await create.execute(command);
    expect(batch.created).toBe(true);
    expect(batch.payouts.map((p) => [p.partnerId, p.amountCents, p.currency, p.lineCount, p.status])).toEqual([[rich, 5000, 'usd', 1, 'draft']]);
    const again = await create.execute(command);
    expect([again.created, again.batch.id, again.payouts.map((p) => p.id)]).toEqual([false, batch.batch.id, batch.payouts.map((p) => p.id)]);
    await expect(create.execute({ ...command, minimum_amount_cents: 1 })).rejects.toThrow(ConflictException);
    // The poor partner's 100 waits; with a lower minimum it is paid, and the rich partner's usd is in a draft already.
    const lower = await create.execute({ ...command, idempotencyKey: 'k2', minimum_amount_cents: 1 });
    expect(lower.payouts.map((p) => [p.partnerId, p.amountCents])).toEqual([[poor, 100]]);
  });
});
