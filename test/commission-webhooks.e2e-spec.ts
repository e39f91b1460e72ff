import { randomUUID } from 'node:crypto';
import { CommissionEvent, Mode, PayoutEvent, Streams, Subjects } from '@app/domain';
import { JetStreamPublisher } from '@app/messaging';
import { CreatedWorkspace } from '../apps/tracking/src/accounts/create-workspace/create-workspace.usecase';
import { eventually, http } from './support/http';
import { otherWorkspace } from './support/merchant-api';
import { TestSystem } from './support/system';
import { startWebhookReceiver, WebhookReceiver } from './support/webhook-receiver';

/**
 * The commissions service's events (`commission.*`, `payout.*` on the COMMISSIONS stream) reach
 * the merchants' webhook endpoints subscribed to them, through attribution's outgoing webhooks:
 * signed, once per event id whatever JetStream redelivers or republishes, and only within the
 * event's workspace and mode. The commissions service itself is stood in for by a publisher.
 */
describe('Outgoing webhooks of commission and payout events', () => {
  let system: TestSystem;
  let other: CreatedWorkspace;
  const receivers: WebhookReceiver[] = [];

  beforeAll(async () => {
    system = await TestSystem.start({ services: ['tracking', 'attribution'], env: { WEBHOOK_RETRY_DELAYS_MS: '200,400' } });
    other = await otherWorkspace(system);
  });
  afterAll(async () => {
    for (const r of receivers) await r.close();
    await system?.stop();
  });

  const api = (method: string, path: string, json?: unknown, key = system.keys.sk_test) => http(method, `${system.urls.attribution}${path}`, { key, json });
  /** A receiver and its endpoint, subscribed to `events`. */
  const subscribe = async (events: string[], key = system.keys.sk_test) => {
    const receiver = await startWebhookReceiver();
    receivers.push(receiver);
    const created = await api('POST', '/v1/webhook-endpoints', { url: receiver.url, enabled_events: events }, key);
    expect(created.status).toBe(201);
    receiver.secret = created.body.secret;
    return { receiver, endpoint: created.body as { id: string } };
  };
  const commissionEvent = (overrides: Partial<CommissionEvent> = {}): CommissionEvent => ({
    id: `evt_${randomUUID()}`,
    type: 'commission.created',
    api_version: 'v1',
    workspace_id: system.workspaceId,
    mode: 'test',
    created_at: new Date().toISOString(),
    commission: { id: randomUUID(), object: 'commission', status: 'pending', amount_cents: 1250, currency: 'eur', partner_id: randomUUID() },
    ...overrides,
  });
  const payoutEvent = (): PayoutEvent => ({
    id: `evt_${randomUUID()}`,
    type: 'payout.paid',
    api_version: 'v1',
    workspace_id: system.workspaceId,
    mode: 'test',
    created_at: new Date().toISOString(),
    payout: { id: randomUUID(), object: 'payout', status: 'paid', amount_cents: 5000, currency: 'eur' },
  });
  /** As the commissions service would: on the event type's subject, in the system's namespace, with a message id of its own. */
  const publish = (event: { type: string } & object, msgId = randomUUID()) =>
    system.attribution!.get(JetStreamPublisher).publish(Subjects.commissionEvent(event.type), event, { msgId });
  const deliveriesOf = async (endpointId: string, key = system.keys.sk_test) =>
    (await api('GET', `/v1/webhook-endpoints/${endpointId}/deliveries?limit=100`, undefined, key)).body.data as Array<{
      id: string;
      event_id: string;
      event_type: string;
      status: string;
    }>;
  /** Time for a wrong delivery to show up, before asserting there is none. */
  const settle = () => new Promise((r) => setTimeout(r, 1500));

  it('endpoints can subscribe to commission and payout events; unknown types are refused', async () => {
    const { endpoint } = await subscribe(['payout.paid', 'commission.created', 'commission.updated', 'payout.created']);
    const shown = (await api('GET', `/v1/webhook-endpoints/${endpoint.id}`)).body;
    expect(shown.enabled_events).toEqual(['commission.created', 'commission.updated', 'payout.created', 'payout.paid']);
    const refused = await api('POST', '/v1/webhook-endpoints', { url: 'http://127.0.0.1:9/h', enabled_events: ['commission.deleted'] });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toMatch(/commission\.created, commission\.updated, payout\.created, payout\.paid/);
    await api('DELETE', `/v1/webhook-endpoints/${endpoint.id}`);
  });

  it('delivers a commission.created event signed, exactly once though published twice under different message ids; others get nothing', async () => {
    const subscribed = await subscribe(['commission.created']);
    const payoutsOnly = await subscribe(['payout.paid']);
    const event = commissionEvent();

    await publish(event);
    await publish(event); // a new JetStream msg id: JetStream keeps both, attribution dedups on the event id
    await eventually(async () => (subscribed.receiver.accepted.get(event.id) ? true : undefined), 'the commission event delivered');
    await system.attributionIdle(); // every message taken, those of COMMISSIONS included
    await settle();

    const stored = await system.streamContents<{ id: string }>(Streams.commissions.name);
    expect(stored.filter((m) => m.data.id === event.id)).toHaveLength(2);
    expect(subscribed.receiver.accepted.get(event.id)).toBe(1);
    expect(subscribed.receiver.requests.every((r) => r.signatureValid)).toBe(true);
    // Exactly the event as published, every field of the commission included.
    expect(subscribed.receiver.events.get(event.id)).toEqual(event);
    const deliveries = await deliveriesOf(subscribed.endpoint.id);
    expect(deliveries).toEqual([expect.objectContaining({ event_id: event.id, event_type: 'commission.created', status: 'succeeded' })]);

    expect(payoutsOnly.receiver.requests).toHaveLength(0);
    expect(await deliveriesOf(payoutsOnly.endpoint.id)).toEqual([]);

    // The payout subscriber gets payouts, and the commission subscriber does not.
    const payout = payoutEvent();
    await publish(payout);
    await eventually(async () => (payoutsOnly.receiver.accepted.get(payout.id) ? true : undefined), 'the payout event delivered');
    expect(payoutsOnly.receiver.events.get(payout.id)).toEqual(payout);
    await system.attributionIdle(); // every message taken, those of COMMISSIONS included
    await settle();
    expect(subscribed.receiver.accepted.has(payout.id)).toBe(false);

    for (const s of [subscribed, payoutsOnly]) await api('DELETE', `/v1/webhook-endpoints/${s.endpoint.id}`);
  });

  it('a failed delivery is retried, and redelivered on request, like a conversion event', async () => {
    const { receiver, endpoint } = await subscribe(['*']);
    receiver.answer = () => 500;
    const event = commissionEvent({ type: 'commission.updated', commission: { id: randomUUID(), object: 'commission', status: 'approved' } });
    await publish(event);
    const failed = await eventually(async () => (await deliveriesOf(endpoint.id)).find((d) => d.status === 'failed'), 'the delivery failed', 30_000);
    expect(failed.event_id).toBe(event.id);
    expect(receiver.requests).toHaveLength(3); // the first attempt and the two retries

    receiver.answer = () => 200;
    expect((await api('POST', `/v1/webhook-deliveries/${failed.id}/redeliver`)).status).toBe(202);
    await eventually(async () => (receiver.accepted.get(event.id) ? true : undefined), 'the redelivery accepted');
    expect(receiver.events.get(event.id)).toEqual(event);
    await api('DELETE', `/v1/webhook-endpoints/${endpoint.id}`);
  });

  it("keeps workspaces and modes apart: an event reaches only its own workspace's endpoints of its own mode", async () => {
    const aTest = await subscribe(['*']);
    const bTest = await subscribe(['*'], other.keys.sk_test);
    // Live endpoints must be https, which the loopback receivers are not: the live delivery is seen in the endpoint's list.
    const aLive = (await api('POST', '/v1/webhook-endpoints', { url: 'https://127.0.0.1:9/hooks' }, system.keys.sk_live)).body as { id: string };
    const forB = commissionEvent({ workspace_id: other.id });
    const forALive = commissionEvent({ mode: 'live' as Mode });

    await publish(forB);
    await publish(forALive);
    await eventually(async () => (bTest.receiver.accepted.get(forB.id) ? true : undefined), "B's event delivered to B");
    await system.attributionIdle(); // every message taken, those of COMMISSIONS included
    await settle();

    expect(aTest.receiver.requests).toHaveLength(0);
    expect(await deliveriesOf(aTest.endpoint.id)).toEqual([]);
    expect((await deliveriesOf(aLive.id, system.keys.sk_live)).map((d) => d.event_id)).toEqual([forALive.id]);
    expect([...bTest.receiver.accepted.keys()]).toEqual([forB.id]);
    expect(bTest.receiver.events.get(forB.id)).toMatchObject({ workspace_id: other.id, mode: 'test' });
    await api('DELETE', `/v1/webhook-endpoints/${aTest.endpoint.id}`);
    await api('DELETE', `/v1/webhook-endpoints/${aLive.id}`, undefined, system.keys.sk_live);
  });

  it('dead-letters a malformed message, or one whose subject and type disagree, and goes on with the next', async () => {
    const { receiver } = await subscribe(['*']);
    const malformed = { ...commissionEvent(), commission: { id: 'c', object: 'commission', status: 'paid-ish' } };
    const misrouted = payoutEvent();
    await publish(malformed);
    await system.attribution!.get(JetStreamPublisher).publish(Subjects.commissionEvent('commission.updated'), misrouted, { msgId: randomUUID() });
    const good = commissionEvent();
    await publish(good);

    await eventually(async () => (receiver.accepted.get(good.id) ? true : undefined), 'the good event delivered');
    const dead = await eventually(async () => {
      const letters = await system.streamContents<{ id: string }>(Streams.deadLetters.name);
      const ours = letters.filter((l) => [malformed.id, misrouted.id].includes(l.data.id));
      return ours.length === 2 ? ours : undefined;
    }, 'both bad messages dead-lettered');
    expect(dead.map((d) => d.subject).sort()).toEqual(['dead-letter.commission.created', 'dead-letter.commission.updated']);
    expect(receiver.accepted.has(malformed.id)).toBe(false);
    expect(receiver.accepted.has(misrouted.id)).toBe(false);
  });
});
