import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { loadAttributionConfig } from '../apps/attribution/src/config';
import { eventually, http } from './support/http';
import { TestSystem } from './support/system';

/**
 * What a merchant-named webhook URL can make attribution do (issue 16, holes 1-3). Every
 * connection here goes to loopback: refusals of other addresses are checked at validation, and
 * at connect time with a stub resolver (apps/attribution/src/webhooks/destination-guard.spec.ts).
 */
describe('Outgoing webhooks: destinations and answers', () => {
  let system: TestSystem;
  let server: Server;
  let receiverUrl: string;
  let answer: (res: import('node:http').ServerResponse) => void = (res) => res.end('ok');

  beforeAll(async () => {
    system = await TestSystem.start({ services: ['tracking', 'attribution'], env: { WEBHOOK_RETRY_DELAYS_MS: '60000', WEBHOOK_TIMEOUT_MS: '5000' } });
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => answer(res));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
    await system?.stop();
  });

  const api = (method: string, path: string, json?: unknown) => http(method, `${system.urls.attribution}${path}`, { key: system.keys.sk_test, json });
  const pingAndWait = async (endpointId: string) => {
    const ping = await api('POST', `/v1/webhook-endpoints/${endpointId}/test`);
    expect(ping.status).toBeLessThan(300);
    const deliveryId = ping.body.id ?? ping.body.delivery_id;
    return eventually(
      async () => {
        const delivery = (await api('GET', `/v1/webhook-deliveries/${deliveryId}`)).body;
        return delivery.attempts?.length > 0 ? delivery : undefined;
      },
      'the first attempt to be recorded',
      15_000,
    );
  };

  it('refuses by default every loopback destination: only an explicit setting allows them', () => {
    expect(loadAttributionConfig({ WEBHOOK_SECRETS_KEY: Buffer.alloc(32, 1).toString('base64') }).WEBHOOK_ALLOW_LOOPBACK).toBe(false);
  });

  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://0251.0376.0251.0376/latest/meta-data/',
    'http://2852039166/latest/meta-data/',
    'http://[::ffff:a9fe:a9fe]/',
    'http://10.0.0.5:5432/',
    'http://192.168.1.1/',
    'http://[fd12::1]/',
    'http://0.0.0.0:3003/',
  ])('refuses an endpoint at %s with a 400 naming the URL, on create and on update', async (url) => {
    const created = await api('POST', '/v1/webhook-endpoints', { url });
    expect(created.status).toBe(400);
    expect(created.body.errors).toEqual([{ field: 'url', message: expect.stringMatching(/must not point at/) }]);

    const endpoint = (await api('POST', '/v1/webhook-endpoints', { url: 'https://hooks.example.com/selgeo' })).body;
    const updated = await api('PATCH', `/v1/webhook-endpoints/${endpoint.id}`, { url });
    expect(updated.status).toBe(400);
    expect((await api('GET', `/v1/webhook-endpoints/${endpoint.id}`)).body.url).toBe('https://hooks.example.com/selgeo');
    await api('DELETE', `/v1/webhook-endpoints/${endpoint.id}`);
  });

  it('reads a small prefix of a huge answer and drops the rest', async () => {
    const TOTAL = 200 * 1024 * 1024;
    let written = 0;
    let finished = false;
    answer = (res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(TOTAL) });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const pump = () => {
        while (written < TOTAL) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        finished = true;
        res.end();
      };
      pump();
    };
    const endpoint = (await api('POST', '/v1/webhook-endpoints', { url: receiverUrl })).body;
    const delivery = await pingAndWait(endpoint.id);
    expect(delivery.status).toBe('succeeded');
    expect(delivery.attempts[0].response_excerpt).toBe('a'.repeat(500));
    // The connection was dropped long before the receiver could send it all.
    expect(finished).toBe(false);
    expect(written).toBeLessThan(TOTAL / 4);
  });

  it('keeps an attempt whose answer holds NUL bytes, so the delivery goes on with its retries', async () => {
    answer = (res) => res.writeHead(500, { 'content-type': 'text/plain' }).end('bad\u0000answer');
    const endpoint = (await api('POST', '/v1/webhook-endpoints', { url: receiverUrl })).body;
    const delivery = await pingAndWait(endpoint.id);
    expect(delivery.attempts[0]).toMatchObject({ status_code: 500, response_excerpt: 'bad\uFFFDanswer' });
    expect(delivery.status).toBe('pending');
  });
});
