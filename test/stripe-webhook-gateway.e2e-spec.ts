import { Streams } from '@app/domain';
import { eventually, http } from './support/http';
import { PrivateNatsServer } from './support/nats-server';
import { completedCheckoutSession, newWebhookSecret, signStripeDelivery, stripeEvent, stripeFixture } from './support/stripe-events';
import { TestSystem } from './support/system';

/** The gateway answers 2xx only for an event it has durably stored; everything else is a clear 4xx or a 503. */
describe('Stripe webhook gateway', () => {
  describe('signature and body checks', () => {
    let system: TestSystem;
    const rolledSecret = newWebhookSecret();

    beforeAll(async () => {
      system = await TestSystem.start({ services: ['webhook-ingest'], webhookSecrets: [newWebhookSecret(), rolledSecret] });
    });
    afterAll(async () => system?.stop());

    const post = (body: string, headers: Record<string, string>) => http('POST', `${system.urls.ingest}/webhooks/stripe`, { body, headers });
    const checkout = () => stripeEvent('checkout.session.completed', completedCheckoutSession());

    it.each([
      ['signed with another secret', () => signStripeDelivery(checkout(), newWebhookSecret()), /no signature matches/],
      [
        'signed 301 s ago (stale)',
        () => signStripeDelivery(checkout(), system.webhookSecret, { timestamp: Math.floor(Date.now() / 1000) - 301 }),
        /outside the tolerance/,
      ],
      // 330 s, not 301: the timestamp is floored to the second and the request takes its own time, so a
      // 301 s lead could be 300 s or less by the time the gateway reads its clock (seen once in CI).
      [
        'signed 330 s in the future',
        () => signStripeDelivery(checkout(), system.webhookSecret, { timestamp: Math.floor(Date.now() / 1000) + 330 }),
        /in the future/,
      ],
      [
        'a signature header that is not t=…,v1=…',
        () => ({ ...signStripeDelivery(checkout(), system.webhookSecret), headers: { 'content-type': 'application/json', 'stripe-signature': 'garbage' } }),
        /malformed/,
      ],
      ['no Stripe-Signature header', () => ({ body: JSON.stringify(checkout()), headers: { 'content-type': 'application/json' } }), /Missing Stripe-Signature/],
      [
        'a body changed after signing',
        () => {
          const d = signStripeDelivery(checkout(), system.webhookSecret);
          return { ...d, body: d.body.replace('"livemode":false', '"livemode":true') };
        },
        /no signature matches/,
      ],
      ['a non-JSON body, correctly signed', () => signStripeDelivery(null, system.webhookSecret, { body: '{"id": "evt_1", truncated' }), /JSON/],
      [
        'a JSON body that is not an event, correctly signed',
        () => signStripeDelivery({ hello: 'world' }, system.webhookSecret),
        /not a Stripe event: missing or invalid id .*, type, livemode, created .*, data.object/,
      ],
    ])('rejects %s with 400 and stores nothing', async (_name, make, message) => {
      const delivery = make();
      const response = await post(delivery.body, delivery.headers);
      expect(response.status).toBe(400);
      expect(String(response.body.message)).toMatch(message);
      expect(await system.streamMessages(Streams.stripeEvents.name)).toBe(0);
    });

    it('refuses a correctly signed event sent with another content type (415), and stores nothing', async () => {
      const delivery = signStripeDelivery(checkout(), system.webhookSecret);
      const response = await post(delivery.body, { ...delivery.headers, 'content-type': 'application/x-www-form-urlencoded' });
      expect(response.status).toBe(415);
      expect(response.body.message).toMatch(/application\/json/);
      expect(await system.streamMessages(Streams.stripeEvents.name)).toBe(0);
    });

    it('acknowledges event types the product does not read, and stores nothing', async () => {
      const customer = stripeFixture('head', 'customer');
      const delivery = signStripeDelivery(stripeEvent('customer.created', customer), system.webhookSecret);
      const response = await post(delivery.body, delivery.headers);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ received: true, outcome: 'ignored' });
      expect(await system.streamMessages(Streams.stripeEvents.name)).toBe(0);
    });

    it('accepts an event signed with any active secret (secret rotation) and stores it once', async () => {
      const event = checkout();
      const delivery = signStripeDelivery(event, rolledSecret);
      const response = await post(delivery.body, delivery.headers);
      expect(response.status).toBe(200);
      expect(response.body.outcome).toBe('stored');
      expect(await system.streamMessages(Streams.stripeEvents.name)).toBe(1);
    });
  });

  describe('when NATS is unavailable', () => {
    let nats: PrivateNatsServer;
    let system: TestSystem;

    beforeAll(async () => {
      nats = await PrivateNatsServer.start();
      system = await TestSystem.start({ services: ['webhook-ingest'], natsUrl: nats.url });
    });
    afterAll(async () => {
      await nats?.resume().catch(() => undefined);
      await system?.stop();
      await nats?.destroy();
    });

    it('answers 503 (never a 2xx it cannot keep), and stores again once NATS is back', async () => {
      const send = (event: unknown) => {
        const d = signStripeDelivery(event, system.webhookSecret);
        return http('POST', `${system.urls.ingest}/webhooks/stripe`, { body: d.body, headers: d.headers });
      };
      expect((await send(stripeEvent('checkout.session.completed', completedCheckoutSession()))).status).toBe(200);

      await nats.halt();
      const during = await send(stripeEvent('checkout.session.completed', completedCheckoutSession()));
      expect(during.status).toBe(503);
      expect(during.headers.get('retry-after')).toBe('5');
      const ready = await http('GET', `${system.urls.ingest}/health/ready`);
      expect(ready.status).toBe(503);
      expect(ready.body.checks).toEqual({ nats: 'down' });

      await nats.resume();
      // Stripe retries; once the client has reconnected the same delivery is stored.
      const retried = stripeEvent('checkout.session.completed', completedCheckoutSession());
      const after = await eventually(
        async () => {
          const r = await send(retried);
          return r.status === 200 ? r : undefined;
        },
        'the gateway to accept events again',
        15_000,
      );
      expect(after.body.outcome).toBe('stored');
      // The file store kept the event from before the outage; the refused one was never stored.
      expect(await system.streamMessages(Streams.stripeEvents.name)).toBe(2);
    });
  });
});
