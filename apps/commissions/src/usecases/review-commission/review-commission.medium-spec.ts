import { ConflictException, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { useCommissionsTestApp } from '../../testing/commissions-test-app';
import { ReviewCommissionUseCase } from './review-commission.usecase';

describe('ReviewCommissionUseCase (PostgreSQL)', () => {
  const t = useCommissionsTestApp();

  it('approves early, voids with a reason, and refuses what is decided already', async () => {
    const ws = await t.workspace();
    const a = t.sale(randomUUID());
    const b = t.sale(randomUUID());
    await t.record(ws, a, 'conversion.created');
    await t.record(ws, b, 'conversion.created');
    const [first, second] = await t.commissions(ws);
    const review = t.get(ReviewCommissionUseCase);
    const approved = await review.execute({ workspaceId: ws, mode: 'test', commissionId: first.id, decision: 'approve' });
    expect(approved).toMatchObject({ status: 'approved', reviewedAt: null });
    const voided = await review.execute({ workspaceId: ws, mode: 'test', commissionId: second.id, decision: 'void', reason: 'test order' });
    expect(voided).toMatchObject({ status: 'voided', voidReason: 'test order' });
    await expect(review.execute({ workspaceId: ws, mode: 'test', commissionId: second.id, decision: 'approve' })).rejects.toThrow(ConflictException);
    await expect(review.execute({ workspaceId: 'ws_other', mode: 'test', commissionId: first.id, decision: 'approve' })).rejects.toThrow(NotFoundException);
    await expect(review.execute({ workspaceId: ws, mode: 'live', commissionId: first.id, decision: 'approve' })).rejects.toThrow(NotFoundException);
  });
});
