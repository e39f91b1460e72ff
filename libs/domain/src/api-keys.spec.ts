import { parseApiKey } from './api-keys';

describe('parseApiKey', () => {
  const body = 'A'.repeat(32);

  it("reads the kind, mode and whether the key is a session's from the prefix", () => {
    expect(parseApiKey(`pk_test_${body}`)).toEqual({ kind: 'publishable', mode: 'test', session: false });
    expect(parseApiKey(`sk_live_${body}`)).toEqual({ kind: 'secret', mode: 'live', session: false });
    expect(parseApiKey(`ss_live_${body}`)).toEqual({ kind: 'secret', mode: 'live', session: true });
    // The partner portal's session keys: secret keys looked up in the sessions' directory.
    expect(parseApiKey(`ps_test_${body}`)).toEqual({ kind: 'secret', mode: 'test', session: true });
  });

  it('refuses any other prefix, mode or length', () => {
    for (const key of [`px_test_${body}`, `ps_prod_${body}`, `ps_test_${body.slice(1)}`, `ps_test_${body}!`]) expect(parseApiKey(key)).toBeNull();
  });
});
