import { createHmac } from 'node:crypto';
import { connect as netConnect } from 'node:net';
import { http } from './support/http';
import { completedCheckoutSession, signStripeDelivery, stripeEvent } from './support/stripe-events';
import { TestSystem } from './support/system';

/** The holes a probe of the running services found (issue 16, holes 4-10), each tried as an attacker would. */
describe('Security probe', () => {
  let system: TestSystem;
  const LIMIT_PER_CLIENT = 20;
  const UNKNOWN_PER_MINUTE = 30;
  let token: string;

  beforeAll(async () => {
    system = await TestSystem.start({
      env: {
        CLICK_RATE_LIMIT_PER_CLIENT_PER_MINUTE: String(LIMIT_PER_CLIENT),
        CLICK_UNKNOWN_TOKEN_LIMIT_PER_MINUTE: String(UNKNOWN_PER_MINUTE),
        LOG_LEVEL: 'warn',
      },
    });
    const partner = await http('POST', `${system.urls.tracking}/v1/partners`, {
      key: system.keys.sk_test,
      json: { name: 'P', destination_url: 'https://shop.example.com/p' },
    });
    token = (await http('POST', `${system.urls.tracking}/v1/partners/${partner.body.id}/referral-tokens`, { key: system.keys.sk_test, json: {} })).body.token;
  });
  afterAll(() => system?.stop());

  const click = (tokenValue: string, client: string) =>
    http('POST', `${system.urls.tracking}/v1/clicks`, { key: system.keys.pk_test, json: { token: tokenValue }, headers: { 'x-forwarded-for': client } });

  describe('4. click limits', () => {
    it('junk for unknown tokens from many addresses does not block real clicks; every 429 has Retry-After', async () => {
      const junk: number[] = [];
      for (let i = 0; i < UNKNOWN_PER_MINUTE + 20; i++) junk.push((await click(`junk${i}xyz`, `198.51.100.${i % 250}`)).status);
      const limited = junk.filter((s) => s === 429).length;
      expect(junk.filter((s) => s !== 404 && s !== 429)).toEqual([]);
      // At most two windows' worth got through (the run may cross a minute boundary).
      expect(limited).toBeGreaterThan(0);
      const real = await click(token, '203.0.113.7');
      expect(real.status).toBe(201);
      const refused = await click('junkagain', '198.51.100.1');
      if (refused.status === 429) expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    });

    it('limits one client address, with Retry-After', async () => {
      const statuses: Array<{ status: number; retryAfter: string | null }> = [];
      for (let i = 0; i < 2 * LIMIT_PER_CLIENT + 2; i++) {
        const r = await click(token, '192.0.2.99');
        statuses.push({ status: r.status, retryAfter: r.headers.get('retry-after') });
      }
      const limited = statuses.filter((s) => s.status === 429);
      expect(limited.length).toBeGreaterThan(0);
      for (const s of limited) expect(Number(s.retryAfter)).toBeGreaterThanOrEqual(1);
      // Another visitor still gets through.
      expect((await click(token, '192.0.2.100')).status).toBe(201);
    });

    it('limits GET /r/TOKEN per client address; HEAD records no click', async () => {
      const before = await system.streamMessages('CLICKS');
      const head = await fetch(`${system.urls.tracking}/r/${token}`, { method: 'HEAD', redirect: 'manual', headers: { 'x-forwarded-for': '192.0.2.50' } });
      expect(head.status).toBe(302);
      expect(head.headers.get('location')).toBe('https://shop.example.com/p');
      expect(await system.streamMessages('CLICKS')).toBe(before);

      const statuses: number[] = [];
      for (let i = 0; i < 2 * LIMIT_PER_CLIENT + 2; i++) {
        statuses.push((await http('GET', `${system.urls.tracking}/r/${token}`, { headers: { 'x-forwarded-for': '192.0.2.51' } })).status);
      }
      expect(statuses).toContain(429);
      expect(statuses.filter((s) => s !== 302 && s !== 429)).toEqual([]);
    });
  });

  describe('5. Stripe events that could never be processed are refused with 400', () => {
    const send = (event: Record<string, unknown>, body?: string) => {
      const signed = signStripeDelivery(event, system.webhookSecret, { body });
      return http('POST', `${system.urls.ingest}/webhooks/stripe`, { body: signed.body, headers: signed.headers });
    };
    const session = () => completedCheckoutSession();
    it.each<[string, () => Record<string, unknown>]>([
      ['created beyond the date range', () => stripeEvent('checkout.session.completed', session(), { created: 1e15 })],
      ['created before Stripe', () => stripeEvent('checkout.session.completed', session(), { created: 5 })],
      ['a number as id', () => ({ ...stripeEvent('checkout.session.completed', session()), id: 12345 })],
      ['a missing object id', () => stripeEvent('checkout.session.completed', { ...session(), id: undefined })],
      ['a numeric object id', () => stripeEvent('checkout.session.completed', { ...session(), id: 7 })],
      ['a negative amount_total', () => stripeEvent('checkout.session.completed', { ...session(), amount_total: -100 })],
      ['an unbounded currency', () => stripeEvent('checkout.session.completed', { ...session(), currency: 'u'.repeat(5000) })],
      ['an unbounded promo code', () => stripeEvent('checkout.session.completed', { ...session(), metadata: { aff_promo_code: 'P'.repeat(5000) } })],
      ['a NUL in the object id', () => stripeEvent('checkout.session.completed', { ...session(), id: 'cs_test_\u0000x' })],
      ['a NUL anywhere in the event', () => stripeEvent('checkout.session.completed', { ...session(), customer_details: { name: 'a\u0000b' } })],
    ])('%s', async (_what, build) => {
      const before = await system.streamMessages('STRIPE_EVENTS');
      const answer = await send(build());
      expect(answer.status).toBe(400);
      expect(answer.body.message).toMatch(/not a Stripe event/);
      expect(await system.streamMessages('STRIPE_EVENTS')).toBe(before);
    });
  });

  it('6. refuses a Stripe-Signature header with two timestamps', async () => {
    const event = stripeEvent('checkout.session.completed', completedCheckoutSession());
    const body = JSON.stringify(event);
    const now = Math.floor(Date.now() / 1000);
    const future = now + 10 * 365 * 86_400;
    const v1 = createHmac('sha256', system.webhookSecret).update(`${future}.${body}`).digest('hex');
    const answer = await http('POST', `${system.urls.ingest}/webhooks/stripe`, {
      body,
      headers: { 'content-type': 'application/json', 'stripe-signature': `t=${now},t=${future},v1=${v1}` },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(/exactly one timestamp/);
  });

  it.each(['tracking', 'ingest', 'attribution'] as const)('7. deep JSON gets a 400 from %s, not a 500', async (service) => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    const path = { tracking: '/v1/clicks', ingest: '/api/v1/conversions', attribution: '/v1/webhook-endpoints' }[service];
    const key = service === 'tracking' ? system.keys.pk_test : system.keys.sk_test;
    for (const contentType of service === 'tracking' ? ['application/json', 'text/plain'] : ['application/json']) {
      const answer = await http('POST', `${system.urls[service]}${path}`, { key, body: deep, headers: { 'content-type': contentType } });
      expect(answer.status).toBe(400);
      expect(answer.body.message).toMatch(/nested more than/);
    }
    if (service === 'ingest') {
      const event = stripeEvent('checkout.session.completed', { ...completedCheckoutSession(), deep: JSON.parse('['.repeat(500) + ']'.repeat(500)) });
      const signed = signStripeDelivery(event, system.webhookSecret);
      expect((await http('POST', `${system.urls.ingest}/webhooks/stripe`, { body: signed.body, headers: signed.headers })).status).toBe(400);
    }
  });

  describe('8. CORS', () => {
    const preflight = (path: string, method: string) =>
      fetch(`${system.urls.tracking}${path}`, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': method, 'access-control-request-headers': 'authorization' },
      });
    it('lets browsers call POST /v1/clicks and load the snippet from any origin', async () => {
      const answer = await preflight('/v1/clicks', 'POST');
      expect(answer.status).toBe(204);
      expect(answer.headers.get('access-control-allow-origin')).toBe('*');
      expect(answer.headers.get('access-control-allow-methods')).toContain('POST');
      const posted = await click(token, '203.0.113.9');
      expect(posted.status).toBe(201);
    });
    it('gives no CORS headers on the secret-key API', async () => {
      const answer = await preflight('/v1/partners', 'GET');
      expect(answer.headers.get('access-control-allow-origin')).toBeNull();
      const listed = await fetch(`${system.urls.tracking}/v1/partners`, {
        headers: { origin: 'https://evil.example', authorization: `Bearer ${system.keys.sk_test}` },
      });
      expect(listed.status).toBe(200);
      expect(listed.headers.get('access-control-allow-origin')).toBeNull();
      expect(listed.headers.get('access-control-allow-credentials')).toBeNull();
    });
  });

  describe('9. partner destination URLs', () => {
    const create = (destination_url: string) =>
      http('POST', `${system.urls.tracking}/v1/partners`, { key: system.keys.sk_test, json: { name: 'P', destination_url } });
    it.each([
      'https://shop.example.com/a\r\nSet-Cookie: x=1',
      'https://shop.example.com\\@evil.example/',
      'https://user:pass@shop.example.com/',
      'https://shop.example.com/\ta',
    ])('refuses %j', async (url) => {
      const answer = await create(url);
      expect(answer.status).toBe(400);
      expect(answer.body.errors[0].field).toBe('destination_url');
    });
    it('stores the normalised form', async () => {
      const answer = await create('HTTPS://Shop.Example.com:443/a b?q=1');
      expect(answer.status).toBe(201);
      expect(answer.body.destination_url).toBe('https://shop.example.com/a%20b?q=1');
    });
  });

  describe('10. logs', () => {
    const captureOutput = async (run: () => Promise<void>) => {
      const lines: string[] = [];
      const out = process.stdout.write.bind(process.stdout);
      const err = process.stderr.write.bind(process.stderr);
      process.stdout.write = (chunk: string | Uint8Array) => (lines.push(String(chunk)), true);
      process.stderr.write = (chunk: string | Uint8Array) => (lines.push(String(chunk)), true);
      try {
        await run();
        await new Promise((r) => setTimeout(r, 200));
      } finally {
        process.stdout.write = out;
        process.stderr.write = err;
      }
      return lines.join('');
    };

    it('an unauthenticated non-JSON POST and a client that disconnects write no error and no stack', async () => {
      const output = await captureOutput(async () => {
        for (const [url, type] of [
          [`${system.urls.tracking}/v1/partners`, 'text/plain'],
          [`${system.urls.tracking}/v1/partners`, 'application/xml'],
          [`${system.urls.ingest}/api/v1/conversions`, 'text/plain'],
          [`${system.urls.attribution}/v1/webhook-endpoints`, 'application/x-www-form-urlencoded'],
        ]) {
          const answer = await http('POST', url, { body: 'hello', headers: { 'content-type': type } });
          expect(answer.status).toBeGreaterThanOrEqual(400);
          expect(answer.status).toBeLessThan(500);
        }
        // A body promised and never sent: the client goes away mid-request.
        const { port } = new URL(system.urls.ingest);
        await new Promise<void>((resolve) => {
          const socket = netConnect(Number(port), '127.0.0.1', () => {
            socket.write(
              'POST /webhooks/stripe HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\nstripe-signature: t=1,v1=x\r\ncontent-length: 1000\r\n\r\n{"id":',
            );
            setTimeout(() => (socket.destroy(), resolve()), 100);
          });
        });
      });
      expect(output).not.toMatch(/"level":"error"/);
      expect(output).not.toMatch(/\n\s+at /);
    });
  });
});
