import { guardedLookup, refusedAddress, refusedDestination, Resolver } from './destination-guard';

const strict = { allowLoopback: false };
const local = { allowLoopback: true };

describe('webhook destinations', () => {
  it.each([
    'http://127.0.0.1/hook',
    'http://127.1.2.3:8080/hook',
    'http://localhost:3000/hook',
    'http://api.localhost/hook',
    'http://10.1.2.3/hook',
    'http://172.16.0.1/hook',
    'http://192.168.1.1/hook',
    'http://100.64.0.1/hook',
    'http://169.254.169.254/latest/meta-data/',
    'http://0.0.0.0/hook',
    'http://224.0.0.1/hook',
    'http://255.255.255.255/hook',
    'http://[::1]/hook',
    'http://[::]/hook',
    'http://[fd00::1]/hook',
    'http://[fe80::1]/hook',
    'http://[ff02::1]/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://[::ffff:169.254.169.254]/hook',
    'http://[::ffff:a9fe:a9fe]/hook',
    'http://2130706433/hook',
    'http://0177.0.0.1/hook',
    'http://0x7f.0.0.1/hook',
    'http://017700000001/hook',
    'http://intranet/hook',
  ])('refuses %s when loopback is not allowed', (url) => {
    expect(refusedDestination(url, strict)).toMatch(/must/);
  });

  it.each(['http://10.0.0.1/', 'http://169.254.169.254/', 'http://[fd00::1]/', 'http://[::ffff:192.168.0.1]/'])(
    'refuses %s even where loopback is allowed',
    (url) => {
      expect(refusedDestination(url, local)).toMatch(/must not point at/);
    },
  );

  it('allows loopback only through the setting', () => {
    for (const url of ['http://127.0.0.1:9/h', 'http://[::1]:9/h', 'http://localhost:9/h', 'http://[::ffff:127.0.0.1]/h']) {
      expect(refusedDestination(url, local)).toBeNull();
      expect(refusedDestination(url, strict)).not.toBeNull();
    }
  });

  it('accepts public hosts and addresses', () => {
    for (const url of ['https://api.example.com/hooks', 'https://93.184.215.14/hook', 'https://[2606:4700::1111]/hook'])
      expect(refusedDestination(url, strict)).toBeNull();
    expect(refusedAddress('8.8.8.8', strict)).toBeNull();
  });

  describe('at connect time (stub resolver: nothing is resolved or connected for real)', () => {
    const lookupWith = (resolver: Resolver, policy = strict) =>
      new Promise<{ err: Error | null; address: unknown }>((resolve) =>
        guardedLookup(resolver, policy)('hooks.example.com', { all: true }, (err, address) => resolve({ err, address })),
      );

    it('refuses a name that resolves to a private address (DNS rebinding)', async () => {
      const { err } = await lookupWith(async () => [{ address: '169.254.169.254', family: 4 }]);
      expect(err?.message).toMatch(/hooks\.example\.com resolves to 169\.254\.169\.254/);
    });

    it('refuses a name if any of its addresses is internal', async () => {
      const { err } = await lookupWith(async () => [
        { address: '93.184.215.14', family: 4 },
        { address: '::ffff:10.0.0.7', family: 6 },
      ]);
      expect(err?.message).toMatch(/10\.0\.0\.7|::ffff:10\.0\.0\.7/);
    });

    it('passes public addresses through unchanged', async () => {
      const addresses = [{ address: '93.184.215.14', family: 4 }];
      expect(await lookupWith(async () => addresses)).toEqual({ err: null, address: addresses });
    });
  });
});
