import { randomUUID } from 'node:crypto';
import { useCommissionsTestApp } from '../../testing/commissions-test-app';
import { RecordPartnerUseCase } from '../record-partner/record-partner.usecase';
import { ApproveDueCommissionsUseCase } from './approve-due-commissions.usecase';

const DAY_MS = 86_400_000;

describe('ApproveDueCommissionsUseCase (PostgreSQL)', () => {
  const t = useCommissionsTestApp();

  it('approves the commissions whose hold ended, and only those', async () => {
    const ws = await t.workspace();
    // The hold (30 days) counts from the conversion's creation; `now` is moved instead of waited for.
    await t.record(ws, t.sale(randomUUID()), 'conversion.created');
    await t.get(ApproveDueCommissionsUseCase).execute(new Date(Date.now() + 29 * DAY_MS));
    expect((await t.commissions(ws)).map((c) => c.status)).toEqual(['pending']);
    await t.get(ApproveDueCommissionsUseCase).execute(new Date(Date.now() + 31 * DAY_MS));
    expect((await t.commissions(ws)).map((c) => c.status)).toEqual(['approved']);
  });

  it("holds a self-referral for review when the partner's email came after the commission", async () => {
    const ws = await t.workspace();
    const partner = randomUUID();
    await t.record(ws, t.sale(partner, { customer_email: 'buyer@example.com' }), 'conversion.created');
    expect((await t.commissions(ws)).map((c) => c.status)).toEqual(['pending']);
    await t
      .get(RecordPartnerUseCase)
      .execute({ workspace_id: ws, mode: 'test', partner_id: partner, name: 'P', email: 'BUYER@example.com ', updated_at: new Date().toISOString() });
    await t.get(ApproveDueCommissionsUseCase).execute(new Date(Date.now() + 31 * DAY_MS));
    expect((await t.commissions(ws)).map((c) => [c.status, c.review_reason])).toEqual([['in_review', 'self_referral']]);
  });
});
