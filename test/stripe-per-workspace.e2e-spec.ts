import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { StripeEventReceived, Streams } from '@app/domain';
import { StripeSigningSecretDirectory } from '@app/platform';
import type { CreatedWorkspace } from '../apps/tracking/src/accounts/create-workspace/create-workspace.usecase';
import { http } from './support/http';
import { otherWorkspace } from './support/merchant-api';
import { completedCheckoutSession, newWebhookSecret, signStripeDelivery, stripeEvent } from './support/stripe-events';
import { TestSystem } from './support/system';

/**
 * Every workspace has its own Stripe endpoint, `/webhooks/stripe/{workspace_id}`, verified with the
 * signing secrets set through tracking's API; `/webhooks/stripe` keeps serving the default workspace.
 */
describe('Stripe endpoint per workspace', () => {
  let system: TestSystem;
  let a: CreatedWorkspace;
  let b: CreatedWorkspace;
  const secretA = newWebhookSecret();
  const secretB = newWebhookSecret();

  const addSecret = (sk: string, secret: string) => http('POST', `${system.urls.tracking}/v1/stripe/signing-secrets`, { key: sk, json: { secret } });
  const deliver = (workspaceId: string, secret: string, event = stripeEvent('checkout.session.completed', completedCheckoutSession())) => {
    const delivery = signStripeDelivery(event, secret);
    return http('POST', `${system.urls.ingest}/webhooks/stripe/${workspaceId}`, { body: delivery.body, headers: delivery.headers });
  };
  const stored = async () => (await system.streamContents<StripeEventReceived>(Streams.stripeEvents.name)).map((m) => m.data);

  beforeAll(async () => {
    system = await TestSystem.start({ services: ['tracking', 'webhook-ingest'] });
    a = await otherWorkspace(system);
    b = await otherWorkspace(system);
    expect((await addSecret(a.keys.sk_test, secretA)).status).toBe(201);
    expect((await addSecret(b.keys.sk_test, secretB)).status).toBe(201);
  });
  afterAll(() => system?.stop());

  it("accepts an event signed with the workspace's secret, and stores it for that workspace only", async () => {
    const event = stripeEvent('checkout.session.completed', completedCheckoutSession());
    const answer = await deliver(b.id, secretB, event);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ received: true, outcome: 'stored' });
    const mine = (await stored()).filter((m) => m.event.id === event.id);
    expect(mine.map((m) => `${m.workspace_id}:${m.mode}`)).toEqual([`${b.id}:test`]);
  });

  it("refuses at B's URL an event signed with A's secret, and stores nothing", async () => {
    const before = await system.streamMessages(Streams.stripeEvents.name);
    const event = stripeEvent('checkout.session.completed', completedCheckoutSession());
    const answer = await deliver(b.id, secretA, event);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.stringMatching(/no signature matches/) });
    expect(await system.streamMessages(Streams.stripeEvents.name)).toBe(before);
    // The same event at A's own URL is A's.
    expect((await deliver(a.id, secretA, event)).status).toBe(200);
    expect((await stored()).filter((m) => m.event.id === event.id).map((m) => m.workspace_id)).toEqual([a.id]);
  });

  it('answers 404 for an unknown workspace, and stores nothing', async () => {
    const before = await system.streamMessages(Streams.stripeEvents.name);
    for (const id of [`ws_unknown_${randomUUID().slice(0, 8)}`, 'not-a-workspace']) {
      const answer = await deliver(id, secretA);
      expect(answer.status).toBe(404);
      expect(answer.body).toMatchObject({ statusCode: 404, error: 'Not Found', message: expect.stringMatching(/Unknown workspace/) });
    }
    expect(await system.streamMessages(Streams.stripeEvents.name)).toBe(before);
  });

  it('a test-mode secret does not vouch for a live event (a test key cannot make live conversions)', async () => {
    const live = stripeEvent('checkout.session.completed', completedCheckoutSession({ livemode: true }));
    const answer = await deliver(b.id, secretB, live);
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(/test-mode signing secret/);
    expect((await stored()).some((m) => m.event.id === live.id)).toBe(false);
  });

  it('rotation: the old secret keeps working while both are active, then only the new one', async () => {
    const rolled = newWebhookSecret();
    const added = await addSecret(b.keys.sk_test, rolled);
    expect(added.status).toBe(201);
    const list = (await http('GET', `${system.urls.tracking}/v1/stripe/signing-secrets`, { key: b.keys.sk_test })).body.data as Array<{ id: string }>;
    expect(list.map((s) => s.id)).toHaveLength(2);
    expect((await deliver(b.id, secretB)).status).toBe(200);
    expect((await deliver(b.id, rolled)).status).toBe(200);

    const old = list.find((s) => s.id !== added.body.id)!;
    expect((await http('DELETE', `${system.urls.tracking}/v1/stripe/signing-secrets/${old.id}`, { key: b.keys.sk_test })).status).toBe(204);
    const refused = await deliver(b.id, secretB);
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/no signature matches/);
    expect((await deliver(b.id, rolled)).status).toBe(200);
  });

  it('shows a secret only as a hint, never in an answer after it is set', async () => {
    const secret = newWebhookSecret();
    const created = await addSecret(a.keys.sk_live, secret);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      object: 'stripe_signing_secret',
      mode: 'live',
      secret_hint: `whsec_...${secret.slice(-4)}`,
      webhook_path: `/webhooks/stripe/${a.id}`,
    });
    const list = await http('GET', `${system.urls.tracking}/v1/stripe/signing-secrets`, { key: a.keys.sk_live });
    expect(JSON.stringify([created.body, list.body])).not.toContain(secret);
    // Sealed at rest, in tracking's table as in the gateway's copy in NATS.
    const sql = 'SELECT secret_sealed FROM tracking.stripe_signing_secrets WHERE id = $1';
    const rows = await system.tracking!.get(DataSource).query<Array<{ secret_sealed: string }>>(sql, [created.body.id]);
    expect(rows[0].secret_sealed).toMatch(/^v1:/);
    expect(rows[0].secret_sealed).not.toContain(secret.slice(6));
    const copy = await system.tracking!.get(StripeSigningSecretDirectory).read(a.id);
    expect(JSON.stringify(copy)).not.toContain(secret.slice(6));
    // The test mode's list holds only its own.
    const testList = (await http('GET', `${system.urls.tracking}/v1/stripe/signing-secrets`, { key: a.keys.sk_test })).body.data as Array<{ mode: string }>;
    expect(testList.map((s) => s.mode)).toEqual(['test']);
    // Another workspace's key cannot remove it.
    expect((await http('DELETE', `${system.urls.tracking}/v1/stripe/signing-secrets/${created.body.id}`, { key: b.keys.sk_live })).status).toBe(404);
    expect((await addSecret(a.keys.sk_live, 'not-a-secret')).status).toBe(400);
    expect((await addSecret(a.keys.sk_live, secret)).status).toBe(409);
    expect((await addSecret(a.keys.pk_live, newWebhookSecret())).status).toBe(403);
  });

  it('/webhooks/stripe keeps serving the default workspace from configuration', async () => {
    const event = stripeEvent('checkout.session.completed', completedCheckoutSession());
    const delivery = signStripeDelivery(event, system.webhookSecret);
    expect((await http('POST', `${system.urls.ingest}/webhooks/stripe`, { body: delivery.body, headers: delivery.headers })).status).toBe(200);
    expect((await stored()).filter((m) => m.event.id === event.id).map((m) => m.workspace_id)).toEqual([system.workspaceId]);
  });

  it("keeps the body checks on the workspace's route", async () => {
    const body = JSON.stringify(stripeEvent('checkout.session.completed', completedCheckoutSession())).replace('"id":', '"i\\u0000d":"x","id":');
    const delivery = signStripeDelivery(null, secretB, { body });
    const answer = await http('POST', `${system.urls.ingest}/webhooks/stripe/${b.id}`, { body: delivery.body, headers: delivery.headers });
    expect(answer.status).toBe(400);
    const twoTimestamps = signStripeDelivery(stripeEvent('checkout.session.completed', completedCheckoutSession()), secretB);
    twoTimestamps.headers['stripe-signature'] = `t=1,${twoTimestamps.headers['stripe-signature']}`;
    const twice = await http('POST', `${system.urls.ingest}/webhooks/stripe/${b.id}`, { body: twoTimestamps.body, headers: twoTimestamps.headers });
    expect(twice.status).toBe(400);
    expect(twice.body.message).toMatch(/exactly one timestamp/);
  });
});
