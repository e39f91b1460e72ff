import { PartnerUpsertedEvent } from '@app/domain';
import { partnerMessageId } from './partner-catalogue';

describe('partnerMessageId', () => {
  const event: PartnerUpsertedEvent = {
    workspace_id: 'ws_1',
    mode: 'test',
    partner_id: '0b9f7c1e-2f4d-4c8e-9a51-3f3f0a6b2d11',
    name: 'Ada',
    email: 'ada@example.com',
    updated_at: '2026-11-29T08:00:00.123Z',
  };

  it('is the same for the same version of a partner, so a republish is a duplicate', () => {
    expect(partnerMessageId({ ...event })).toBe(partnerMessageId(event));
    expect(partnerMessageId(event)).toMatch(/^partner:0b9f7c1e-2f4d-4c8e-9a51-3f3f0a6b2d11:test:2026-11-29T08:00:00.123Z:[0-9a-f]{16}$/);
  });

  it('differs for any change: a later updated_at, or another name, email or payout detail within the same millisecond', () => {
    const ids = [
      event,
      { ...event, updated_at: '2026-11-29T08:00:00.124Z' },
      { ...event, name: 'Ada L.' },
      { ...event, email: null },
      { ...event, payout_email: 'pay@example.com' },
      { ...event, payout_reference: 'IBAN DE00' },
      { ...event, mode: 'live' as const },
    ].map(partnerMessageId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
