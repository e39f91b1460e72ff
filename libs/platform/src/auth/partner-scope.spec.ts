import { partnerScopeRefusal } from './partner-scope';

const ADA = '4cd8c47c-2e53-4daa-9e62-f3b19e439eab';
const BOB = '0a5b5430-a257-4073-96e8-318ef7a3ee26';

describe("a partner's key", () => {
  const refusal = (method: string, url: string, query: Record<string, string> = {}, body?: unknown) => partnerScopeRefusal(ADA, { method, url, query, body });

  it("reaches the portal's own reads and changes of its partner", () => {
    expect(refusal('GET', `/v1/partners/${ADA}`)).toBeNull();
    expect(refusal('GET', `/v1/partners/${ADA}/balance`)).toBeNull();
    expect(refusal('PATCH', `/v1/partners/${ADA}`, {}, { payout_email: 'ada@pay.example', payout_reference: null })).toBeNull();
    expect(refusal('POST', `/v1/partners/${ADA}/referral-tokens`, {}, { label: 'Newsletter' })).toBeNull();
    expect(refusal('GET', '/v1/settings')).toBeNull();
    expect(refusal('GET', `/v1/conversions?partner_id=${ADA}&limit=10`, { partner_id: ADA, limit: '10' })).toBeNull();
    expect(refusal('GET', '/v1/click-summary', { partner_id: ADA, group_by: 'referral_token' })).toBeNull();
    // One record by id: answered only when it is the partner's (the interceptor's part).
    expect(refusal('GET', `/v1/payouts/${BOB}`)).toBeNull();
  });

  it('reaches nothing of another partner, nothing unfiltered, and nothing else of the workspace', () => {
    expect(refusal('GET', `/v1/partners/${BOB}`)).toMatch(/its own partner/);
    expect(refusal('GET', `/v1/partners/${BOB}/balance`)).toMatch(/its own partner/);
    expect(refusal('GET', '/v1/partners')).toMatch(/may not call GET \/v1\/partners/);
    expect(refusal('GET', '/v1/conversions')).toMatch(/partner_id=/);
    expect(refusal('GET', '/v1/conversions', { partner_id: BOB })).toMatch(/partner_id=/);
    expect(refusal('GET', '/v1/commission-summary', { partner_id: ADA })).toMatch(/may not call/);
    for (const [method, url] of [
      ['GET', '/v1/api-keys'],
      ['PATCH', '/v1/settings'],
      ['GET', '/v1/stripe-events'],
      ['GET', '/v1/webhook-endpoints'],
      ['POST', '/v1/payouts'],
      ['POST', `/v1/commissions/${BOB}/approve`],
      ['GET', `/v1/conversions/${BOB}/history`],
      ['GET', '/v1/audit-log'],
    ]) {
      expect(refusal(method, url)).toMatch(/may not call/);
    }
  });

  it('changes only where the partner is paid, and never chooses a token', () => {
    expect(refusal('PATCH', `/v1/partners/${ADA}`, {}, { destination_url: 'https://evil.example' })).toMatch(/only their payout details/);
    expect(refusal('PATCH', `/v1/partners/${ADA}`, {}, { payout_email: 'a@b.example', name: 'Ada' })).toMatch(/only their payout details/);
    expect(refusal('POST', `/v1/partners/${ADA}/referral-tokens`, {}, { token: 'chosen', label: 'x' })).toMatch(/may not choose a referral token/);
  });
});
