import { randomUUID } from 'node:crypto';
import { useCommissionsTestApp } from '../../testing/commissions-test-app';
import { PartnerCopiesRepository } from '../../store/copies.repository';
import { Transactions } from '../../store/transactions';
import { RecordPartnerUseCase } from './record-partner.usecase';

describe('RecordPartnerUseCase (PostgreSQL)', () => {
  const t = useCommissionsTestApp();

  it('keeps the newest name and email, whatever the order', async () => {
    const partner = randomUUID();
    const event = (name: string, updated_at: string) => ({ workspace_id: 'ws_p', mode: 'test' as const, partner_id: partner, name, email: null, updated_at });
    await t.get(RecordPartnerUseCase).execute(event('New', '2026-02-01T00:00:00Z'));
    await t.get(RecordPartnerUseCase).execute(event('Old', '2026-01-01T00:00:00Z'));
    const copies = await t.get(PartnerCopiesRepository).find(t.get(Transactions).db, 'ws_p', 'test', [partner]);
    expect(copies.get(partner)?.name).toBe('New');
  });
});
