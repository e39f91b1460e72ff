import { ConflictException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { useCommissionsTestApp } from '../../testing/commissions-test-app';
import { CreatePayoutsUseCase } from '../create-payouts/create-payouts.usecase';
import { ReviewCommissionUseCase } from '../review-commission/review-commission.usecase';
import { SettlePayoutUseCase } from './settle-payout.usecase';

describe('SettlePayoutUseCase (PostgreSQL)', () => {
  const t = useCommissionsTestApp();

  async function draft(ws: string, key: string) {
    for (const c of await t.commissions(ws))
      if (c.status === 'pending') await t.get(ReviewCommissionUseCase).execute({ workspaceId: ws, mode: 'test', commissionId: c.id, decision: 'approve' });
    const batch = await t.get(CreatePayoutsUseCase).execute({ workspaceId: ws, mode: 'test', idempotencyKey: key, currency: 'usd', minimum_amount_cents: 1 });
    return batch.payouts[0];
  }

  it('cancels a draft (its lines released, a change made meanwhile taken back) and marks another paid (its commissions never change after)', async () => {
    const ws = await t.workspace();
    const sale = t.sale(randomUUID());
    await t.record(ws, sale, 'conversion.created');
    const first = await draft(ws, 'a');
    // Refunded while in the draft: an adjustment, which the cancellation folds back into the commission.
    await t.record(ws, { ...sale, refunded_amount_cents: 2000 });
    expect((await t.commissions(ws)).map((c) => [c.amount_cents, c.adjustments_cents])).toEqual([['1000', '-200']]);
    const settle = t.get(SettlePayoutUseCase);
    expect(await settle.execute({ workspaceId: ws, mode: 'test', payoutId: first.id, action: 'cancel' })).toMatchObject({ status: 'cancelled' });
    expect((await t.commissions(ws)).map((c) => [c.status, c.amount_cents, c.adjustments_cents, c.payout_id])).toEqual([['approved', '800', '0', null]]);

    const second = await draft(ws, 'b');
    expect(second.amountCents).toBe(800);
    const paid = await settle.execute({ workspaceId: ws, mode: 'test', payoutId: second.id, action: 'mark_paid', reference: 'wire-1' });
    expect(paid).toMatchObject({ status: 'paid', reference: 'wire-1' });
    expect(await settle.execute({ workspaceId: ws, mode: 'test', payoutId: second.id, action: 'mark_paid', reference: 'wire-1' })).toMatchObject({
      status: 'paid',
    });
    await expect(settle.execute({ workspaceId: ws, mode: 'test', payoutId: second.id, action: 'cancel' })).rejects.toThrow(ConflictException);
    await t.record(ws, { ...sale, refunded_amount_cents: 10_000 });
    expect((await t.commissions(ws)).map((c) => [c.status, c.amount_cents, c.adjustments_cents])).toEqual([['paid', '800', '-800']]);
  });
});
