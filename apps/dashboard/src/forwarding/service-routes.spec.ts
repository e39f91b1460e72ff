import { onlyOwnersMay, serviceFor } from './service-routes';

describe('which service serves a forwarded path', () => {
  it.each([
    ['/v1/partners', 'tracking'],
    ['/v1/partners/0b9e0e1c-6d1f-4c59-9a53-1d0c6f1b2a3c/referral-tokens', 'tracking'],
    ['/v1/partners/0b9e0e1c-6d1f-4c59-9a53-1d0c6f1b2a3c/balance', 'commissions'],
    ['/v1/stripe/signing-secrets', 'tracking'],
    ['/v1/conversions/abc/history', 'attribution'],
    ['/v1/attribution-explanations/cs_test_123', 'attribution'],
    ['/v1/webhook-deliveries/abc/redeliver', 'attribution'],
    ['/v1/payout-batches/abc/csv', 'commissions'],
    ['/v1/commission-summary', 'commissions'],
    ['/v1/click-summary', 'attribution'],
  ])('%s goes to %s', (path, service) => {
    expect(serviceFor(path)).toBe(service);
  });

  it('leaves changes of keys, signing secrets, settings and plans to owners, and reading them to all', () => {
    expect(onlyOwnersMay('POST', '/v1/api-keys')).toBe(true);
    expect(onlyOwnersMay('POST', '/v1/api-keys/abc/revoke')).toBe(true);
    expect(onlyOwnersMay('DELETE', '/v1/stripe/signing-secrets/abc')).toBe(true);
    expect(onlyOwnersMay('PATCH', '/v1/settings')).toBe(true);
    expect(onlyOwnersMay('POST', '/v1/plans')).toBe(true);
    expect(onlyOwnersMay('GET', '/v1/api-keys')).toBe(false);
    expect(onlyOwnersMay('POST', '/v1/partners')).toBe(false);
    expect(onlyOwnersMay('POST', '/v1/payouts')).toBe(false);
  });

  it.each([
    ['/v1/admin/workspaces', 'the operator API is not a dashboard page'],
    ['/v1/partners/../admin/workspaces', 'a climb out of the path'],
    ['/v1/partners/%2e%2e', 'an encoded climb'],
    ['/v1/partnersx', 'a prefix of another word'],
    ['/health/ready', 'a service-level endpoint'],
    ['v1/partners', 'a relative path'],
    ['/v1//partners', 'an empty segment'],
  ])('%s is served by none (%s)', (path) => {
    expect(serviceFor(path)).toBeNull();
  });
});
