import { randomUUID } from 'node:crypto';
import { useCommissionsTestApp } from '../../testing/commissions-test-app';
import { RecordPartnerUseCase } from './record-partner.usecase';
import { CommissionsStore } from '../../store/commissions-store';

describe('RecordPartnerUseCase (PostgreSQL)', () => {
  const t = useCommissionsTestApp();

  it('keeps the newest name and email, whatever the order', async () => {
    const partner = randomUUID();
    const event = (name: string, updated_at: string) => ({ workspace_id: 'ws_p', mode: 'test' as const, partner_id: partner, name, email: null, updated_at });
    await t.get(RecordPartnerUseCase).execute(event('New', '2026-02-01T00:00:00Z'));
    await t.get(RecordPartnerUseCase).execute(event('Old', '2026-01-01T00:00:00Z'));
    const copies = await t.get(CommissionsStore).partners.find(t.get(CommissionsStore).db, 'ws_p', 'test', [partner]);
    expect(copies.get(partner)?.name).toBe('New');
  });

  it('keeps the payout details with the newest version, and none from a publisher that sends none', async () => {
    const partner = randomUUID();
    const base = { workspace_id: 'ws_p', mode: 'test' as const, partner_id: partner, name: 'Ada', email: 'ada@example.com' };
    await t.get(RecordPartnerUseCase).execute({ ...base, updated_at: '2026-01-01T00:00:00Z' });
    const store = t.get(CommissionsStore);
    expect((await store.partners.find(store.db, 'ws_p', 'test', [partner])).get(partner)).toMatchObject({ payoutEmail: null, payoutReference: null });
    await t.get(RecordPartnerUseCase).execute({ ...base, payout_email: 'pay@ada.example', payout_reference: 'ACME-7', updated_at: '2026-02-01T00:00:00Z' });
    expect((await store.partners.find(store.db, 'ws_p', 'test', [partner])).get(partner)).toMatchObject({
      email: 'ada@example.com',
      payoutEmail: 'pay@ada.example',
      payoutReference: 'ACME-7',
    });
  });
});
