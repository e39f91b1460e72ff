import { randomUUID } from 'node:crypto';
import { useCommissionsTestApp } from '../../testing/commissions-test-app';
import { RecordClickUseCase } from './record-click.usecase';
import { CommissionsStore } from '../../store/commissions-store';

describe('RecordClickUseCase (PostgreSQL)', () => {
  const t = useCommissionsTestApp();

  it('counts a redelivered click once', async () => {
    const click = { click_id: randomUUID(), workspace_id: 'ws_c', mode: 'test' as const, partner_id: randomUUID(), clicked_at: new Date().toISOString() };
    await t.get(RecordClickUseCase).execute(click);
    await t.get(RecordClickUseCase).execute(click);
    const rows = await t.get(CommissionsStore).db.query(`SELECT count(*)::int AS n FROM commissions.clicks WHERE click_id = $1`, [click.click_id]);
    expect(rows[0].n).toBe(1);
  });
});
