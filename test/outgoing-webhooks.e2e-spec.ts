import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Subjects } from '@app/domain';
import { DEAD_LETTER_HEADERS, JetStreamPublisher } from '@app/messaging';
import { eventually, http } from './support/http';
import { partnerWithClick, PartnerWithClick } from './support/merchant-api';
import { freePort } from './support/nats-server';
import { TestSystem } from './support/system';
import { TEST_DATABASE_URL } from './support/test-env';
import { startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver';

/**
 * Outgoing webhooks against the running services and real HTTP receivers on loopback: signed as
 * PRODUCT.md says, retried on a (shortened) schedule, kept as failed and redeliverable, every
 * event received exactly once as far as the receiver's dedup by event id can tell.
 */
describe('Outgoing webhooks', () => {
  let system: TestSystem;
  let partner: PartnerWithClick;
  const receivers: WebhookReceiver[] = [];
  const RETRY_DELAYS_MS = [200, 400, 800, 1600];
  const PER_ENDPOINT = 3;

  beforeAll(async () => {
    system = await TestSystem.start({
      env: { WEBHOOK_RETRY_DELAYS_MS: RETRY_DELAYS_MS.join(','), WEBHOOK_TIMEOUT_MS: '1000', WEBHOOK_MAX_IN_FLIGHT_PER_ENDPOINT: String(PER_ENDPOINT) },
    });
    partner = await partnerWithClick(system, system.keys.sk_test, system.keys.pk_test);
  });
  afterAll(async () => {
    for (const r of receivers) await r.close();
    await system?.stop();
  });

  const api = (method: string, path: string, json?: unknown, key = system.keys.sk_test) => http(method, `${system.urls.attribution}${path}`, { key, json });
  const newReceiver = async (port = 0) => {
    const receiver = await startWebhookReceiver(port);
    receivers.push(receiver);
    return receiver;
  };
  const createEndpoint = async (url: string, extra: Record<string, unknown> = {}) => {
    const created = await api('POST', '/v1/webhook-endpoints', { url, ...extra });
    expect(created.status).toBe(201);
    return created.body;
  };
  const reportSale = async () => {
    const created = await http('POST', `${system.urls.ingest}/api/v1/conversions`, {
      key: system.keys.sk_test,
      json: { click_id: partner.clickId, external_transaction_id: `order_${randomUUID()}`, event_type: 'sale', amount_cents: 1000, currency: 'eur' },
    });
    expect(created.status).toBe(201);
    return created.body;
  };
  const deliveriesOf = async (endpointId: string) => (await api('GET', `/v1/webhook-endpoints/${endpointId}/deliveries?limit=100`)).body.data;

  it('manages endpoints: create shows the secret once, list and get do not; update; delete', async () => {
    const endpoint = await createEndpoint('http://127.0.0.1:9/hooks', { description: 'CRM', enabled_events: ['conversion.created'] });
    expect(endpoint).toMatchObject({
      object: 'webhook_endpoint',
      mode: 'test',
      url: 'http://127.0.0.1:9/hooks',
      description: 'CRM',
      enabled_events: ['conversion.created'],
      status: 'enabled',
    });
    expect(endpoint.secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    // Sealed at rest: the database alone does not give the secret away.
    const db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
    const stored = (await db.query('SELECT secret FROM attribution.webhook_endpoints WHERE id = $1', [endpoint.id])).rows[0].secret;
    await db.end();
    expect(stored).toMatch(/^v1:/);
    expect(stored).not.toContain(endpoint.secret.slice('whsec_'.length, 20));

    const listed = await api('GET', '/v1/webhook-endpoints');
    expect(listed.body.data.find((e: { id: string }) => e.id === endpoint.id)).not.toHaveProperty('secret');
    expect((await api('GET', `/v1/webhook-endpoints/${endpoint.id}`)).body).not.toHaveProperty('secret');

    const updated = await api('PATCH', `/v1/webhook-endpoints/${endpoint.id}`, { disabled: true, enabled_events: ['*'], description: null });
    expect(updated.body).toMatchObject({ status: 'disabled', enabled_events: ['*'], description: null, url: endpoint.url });

    const bad = await api('PATCH', `/v1/webhook-endpoints/${endpoint.id}`, { url: 'ftp://example.com', enabled_events: ['charge.succeeded'], extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['(body)', 'enabled_events.0', 'url']);

    // Many HTTP clients declare a JSON content type on a DELETE without a body: that is no error.
    const deleted = await http('DELETE', `${system.urls.attribution}/v1/webhook-endpoints/${endpoint.id}`, {
      key: system.keys.sk_test,
      headers: { 'content-type': 'application/json' },
    });
    expect(deleted.body).toEqual({ id: endpoint.id, object: 'webhook_endpoint', deleted: true });
    expect((await api('GET', `/v1/webhook-endpoints/${endpoint.id}`)).status).toBe(404);
  });

  it('live endpoints must be https; test endpoints may be http', async () => {
    const live = await api('POST', '/v1/webhook-endpoints', { url: 'http://127.0.0.1:9/hooks' }, system.keys.sk_live);
    expect(live.status).toBe(400);
    expect(live.body.message).toMatch(/live-mode endpoints must use https/);
    const secure = await api('POST', '/v1/webhook-endpoints', { url: 'https://127.0.0.1:9/hooks' }, system.keys.sk_live);
    expect(secure.status).toBe(201);
    await api('DELETE', `/v1/webhook-endpoints/${secure.body.id}`, undefined, system.keys.sk_live);
  });

  it('allows at most 10 endpoints per workspace and mode, even when created at once', async () => {
    const existing = (await api('GET', '/v1/webhook-endpoints')).body.data.length;
    const answers = await Promise.all(
      Array.from({ length: 12 - existing }, (_, i) => api('POST', '/v1/webhook-endpoints', { url: `http://127.0.0.1:9/h${i}` })),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(10 - existing);
    const refused = answers.filter((a) => a.status === 409);
    expect(refused).toHaveLength(2);
    expect(refused[0].body.message).toMatch(/already has 10 test-mode webhook endpoints/);
    for (const a of answers.filter((x) => x.status === 201)) await api('DELETE', `/v1/webhook-endpoints/${a.body.id}`);
  });

  it('a receiver that answers 500, then 200, gets every event exactly once, signed, with each attempt recorded', async () => {
    const receiver = await newReceiver();
    const endpoint = await createEndpoint(receiver.url);
    receiver.secret = endpoint.secret;
    let failures = 0;
    receiver.answer = () => (failures++ < 6 ? 500 : 200);

    const conversions = [await reportSale(), await reportSale(), await reportSale()];
    await eventually(async () => (receiver.accepted.size >= 3 ? true : undefined), 'three events accepted', 30_000);
    // Give stray retries a chance to show up before counting.
    await new Promise((r) => setTimeout(r, 1000));

    expect(receiver.requests.every((r) => r.signatureValid)).toBe(true);
    expect([...receiver.accepted.values()]).toEqual([1, 1, 1]);
    const events = [...receiver.events.values()];
    expect(events.map((e) => e.conversion.id).sort()).toEqual(conversions.map((c) => c.id).sort());
    for (const event of events) {
      expect(event).toMatchObject({ type: 'conversion.created', api_version: 'v1', mode: 'test', workspace_id: system.workspaceId });
      expect(event.conversion).toEqual(conversions.find((c) => c.id === event.conversion.id));
    }

    const deliveries = await deliveriesOf(endpoint.id);
    expect(deliveries).toHaveLength(3);
    expect(deliveries.every((d: { status: string }) => d.status === 'succeeded')).toBe(true);
    const attempts = deliveries.flatMap((d: { attempts: Array<{ status_code: number }> }) => d.attempts.map((a) => a.status_code));
    expect(attempts.filter((s: number) => s === 500)).toHaveLength(6);
    expect(attempts.filter((s: number) => s === 200)).toHaveLength(3);
    await api('DELETE', `/v1/webhook-endpoints/${endpoint.id}`);
  });

  it('a receiver that is down (connection refused) gets the event once it comes up', async () => {
    const port = await freePort();
    const endpoint = await createEndpoint(`http://127.0.0.1:${port}/webhooks`);
    const conversion = await reportSale();
    await eventually(async () => ((await deliveriesOf(endpoint.id))[0]?.attempts.length >= 2 ? true : undefined), 'two refused attempts');
    const receiver = await newReceiver(port);
    receiver.secret = endpoint.secret;
    await eventually(async () => (receiver.accepted.size === 1 ? true : undefined), 'the event after the receiver came up', 15_000);
    expect([...receiver.events.values()][0].conversion.id).toBe(conversion.id);
    // The sender records the attempt once the answer is back, a moment after the receiver took the event.
    const delivery = await eventually(async () => {
      const [d] = await deliveriesOf(endpoint.id);
      return d.status === 'succeeded' ? d : undefined;
    }, 'the delivery recorded as succeeded');
    expect(delivery.attempts[0].error).toMatch(/ECONNREFUSED/);
    await api('DELETE', `/v1/webhook-endpoints/${endpoint.id}`);
  });

  it('gives up after the schedule, keeps the delivery as failed, and redelivers it on request', async () => {
    const receiver = await newReceiver();
    const endpoint = await createEndpoint(receiver.url, { enabled_events: ['conversion.created'] });
    receiver.secret = endpoint.secret;
    receiver.answer = (r) => (receiver.requests.indexOf(r) === 0 ? 'hang' : 503);
    await reportSale();

    const failed = await eventually(
      async () => {
        const [d] = await deliveriesOf(endpoint.id);
        return d?.status === 'failed' ? d : undefined;
      },
      'the delivery to fail for good',
      30_000,
    );
    expect(failed.attempts).toHaveLength(RETRY_DELAYS_MS.length + 1);
    expect(failed.attempts[0]).toMatchObject({ status_code: null, error: 'request failed: no answer within 1000 ms' });
    expect(failed.attempts[1]).toMatchObject({ status_code: 503, response_excerpt: 'not now' });
    expect(failed.last_error).toMatch(/gave up after 5 attempts/);
    expect(receiver.accepted.size).toBe(0);

    receiver.answer = () => 200;
    const redelivered = await api('POST', `/v1/webhook-deliveries/${failed.id}/redeliver`);
    expect(redelivered.status).toBe(202);
    expect(redelivered.body.status).toBe('pending');
    await eventually(async () => ((await api('GET', `/v1/webhook-deliveries/${failed.id}`)).body.status === 'succeeded' ? true : undefined), 'the redelivery');
    expect([...receiver.accepted.values()]).toEqual([1]);
    expect((await api('POST', `/v1/webhook-deliveries/${failed.id}/redeliver`)).status).toBe(202);
    await api('DELETE', `/v1/webhook-endpoints/${endpoint.id}`);
  });

  it('a delivery whose message was dead-lettered is failed with the reason, not pending for ever, and can be redelivered', async () => {
    const receiver = await newReceiver();
    const endpoint = await createEndpoint(receiver.url, { enabled_events: ['conversion.created'] });
    receiver.secret = endpoint.secret;
    receiver.answer = () => 503;
    await reportSale();
    const pending = await eventually(async () => {
      const [d] = await deliveriesOf(endpoint.id);
      return d?.status === 'pending' && d.attempts.length === 1 ? d : undefined;
    }, 'the first failed attempt');
    // Its next attempt far off, as on a long retry schedule: the message now dies as the transport dead-letters one.
    const db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
    const postponed = await db.query(
      `UPDATE attribution.webhook_deliveries SET next_attempt_at = now() + interval '1 hour' WHERE id = $1 RETURNING generation`,
      [pending.id],
    );
    const [{ generation }] = postponed.rows;
    await db.end();
    const message = new TextEncoder().encode(JSON.stringify({ delivery_id: pending.id, generation }));
    await system.attribution!.get(JetStreamPublisher).publishRaw(Subjects.deadLetter(Subjects.webhookDelivery), message, {
      msgId: `dead-${pending.id}`,
      headers: { [DEAD_LETTER_HEADERS.reason]: 'failed 10 times; last error: QueryFailedError: deadlock detected' },
    });

    const failed = await eventually(async () => {
      const d = (await api('GET', `/v1/webhook-deliveries/${pending.id}`)).body;
      return d.status === 'failed' ? d : undefined;
    }, 'the dead-lettered delivery to be failed');
    expect(failed.last_error).toMatch(/stopped: failed 10 times; last error: QueryFailedError: deadlock detected.*redeliver/);
    receiver.answer = () => 200;
    expect((await api('POST', `/v1/webhook-deliveries/${pending.id}/redeliver`)).status).toBe(202);
    await eventually(async () => ((await api('GET', `/v1/webhook-deliveries/${pending.id}`)).body.status === 'succeeded' ? true : undefined), 'the redelivery');
    expect(receiver.accepted.size).toBe(1);
    await api('DELETE', `/v1/webhook-endpoints/${endpoint.id}`);
  });

  it('a slow receiver gets at most its share of senders at once, and other endpoints are not held up', async () => {
    const slow = await newReceiver();
    const fast = await newReceiver();
    const slowEndpoint = await createEndpoint(slow.url);
    const fastEndpoint = await createEndpoint(fast.url);
    slow.secret = slowEndpoint.secret;
    fast.secret = fastEndpoint.secret;
    let slowAnswers = 0;
    // The first ten requests hang until the 1 s timeout; then it answers.
    slow.answer = () => (slowAnswers++ < 10 ? 'hang' : 200);
    const sales = await Promise.all(Array.from({ length: 8 }, () => reportSale()));
    await eventually(async () => (fast.accepted.size === sales.length ? true : undefined), 'every event at the fast endpoint', 5_000);
    await eventually(async () => (slow.accepted.size === sales.length ? true : undefined), 'every event at the slow endpoint', 30_000);
    expect(slow.maxInFlight).toBeLessThanOrEqual(PER_ENDPOINT);
    expect(slow.maxInFlight).toBeGreaterThan(1);
    expect([...slow.accepted.values()].every((n) => n === 1)).toBe(true);
    await api('DELETE', `/v1/webhook-endpoints/${slowEndpoint.id}`);
    await api('DELETE', `/v1/webhook-endpoints/${fastEndpoint.id}`);
  });

  it('sends a webhook.test ping on demand; a rotated secret signs the very next attempt', async () => {
    const receiver = await newReceiver();
    const endpoint = await createEndpoint(receiver.url);
    receiver.secret = endpoint.secret;
    const ping = await api('POST', `/v1/webhook-endpoints/${endpoint.id}/test`);
    expect(ping.status).toBe(202);
    await eventually(async () => (receiver.accepted.size === 1 ? true : undefined), 'the ping');
    expect([...receiver.events.values()][0]).toMatchObject({ type: 'webhook.test', api_version: 'v1', mode: 'test', webhook_endpoint_id: endpoint.id });

    const rotated = await api('POST', `/v1/webhook-endpoints/${endpoint.id}/rotate-secret`);
    expect(rotated.body.secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    expect(rotated.body.secret).not.toBe(endpoint.secret);
    // The receiver still holds the old secret: the next delivery must fail its check.
    await api('POST', `/v1/webhook-endpoints/${endpoint.id}/test`);
    await eventually(async () => (receiver.requests.length === 2 ? true : undefined), 'the second ping');
    expect(receiver.requests[1]).toMatchObject({ signatureValid: false, signatureError: 'signature does not match the body and secret' });
    receiver.secret = rotated.body.secret;
    await eventually(async () => (receiver.accepted.size === 2 ? true : undefined), 'the retried second ping, signed with the new secret', 15_000);
    await api('DELETE', `/v1/webhook-endpoints/${endpoint.id}`);
  });
});
