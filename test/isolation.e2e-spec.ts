import { randomUUID } from 'node:crypto';
import type { CreatedWorkspace } from '../apps/tracking/src/accounts/create-workspace/create-workspace.usecase';
import { eventually, http } from './support/http';
import { otherWorkspace, partnerWithClick, PartnerWithClick } from './support/merchant-api';
import { completedCheckoutSession, signStripeDelivery, stripeEvent } from './support/stripe-events';
import { TestSystem } from './support/system';
import { startWebhookReceiver } from './support/webhook-receiver';

/**
 * Test mode is a separate world, and so is every workspace: no read or write crosses either line,
 * through any service (PRODUCT.md, "Keys and modes" and "Test mode").
 */
describe('Isolation of modes and workspaces', () => {
  let system: TestSystem;
  let a: CreatedWorkspace['keys'];
  let b: CreatedWorkspace;
  let testPartner: PartnerWithClick;
  let livePartner: PartnerWithClick;
  let liveConversion: { id: string };
  let testConversion: { id: string };

  const conversionApi = (key: string, clickId: string) =>
    http('POST', `${system.urls.ingest}/api/v1/conversions`, {
      key,
      json: { click_id: clickId, external_transaction_id: `o_${randomUUID()}`, event_type: 'sale' },
    });

  beforeAll(async () => {
    system = await TestSystem.start();
    a = system.keys;
    b = await otherWorkspace(system);
    testPartner = await partnerWithClick(system, a.sk_test, a.pk_test, 'Test partner');
    livePartner = await partnerWithClick(system, a.sk_live, a.pk_live, 'Live partner');
    await system.attributionIdle();
    liveConversion = (await conversionApi(a.sk_live, livePartner.clickId)).body;
    testConversion = (await conversionApi(a.sk_test, testPartner.clickId)).body;
    expect(liveConversion.id && testConversion.id).toBeTruthy();
  });
  afterAll(() => system?.stop());

  describe('test and live', () => {
    it('a test key cannot see a live conversion, nor a live key a test one', async () => {
      expect((await http('GET', `${system.urls.attribution}/v1/conversions/${liveConversion.id}`, { key: a.sk_test })).status).toBe(404);
      expect((await http('GET', `${system.urls.attribution}/v1/conversions/${testConversion.id}`, { key: a.sk_live })).status).toBe(404);
      const testList = (await http('GET', `${system.urls.attribution}/v1/conversions?limit=100`, { key: a.sk_test })).body.data;
      expect(testList.map((c: { id: string }) => c.id)).toEqual([testConversion.id]);
      const liveList = (await http('GET', `${system.urls.attribution}/v1/conversions?limit=100`, { key: a.sk_live })).body.data;
      expect(liveList.map((c: { id: string }) => c.id)).toEqual([liveConversion.id]);
    });

    it('a live key cannot register a click on a test referral token, nor the reverse', async () => {
      const live = await http('POST', `${system.urls.tracking}/v1/clicks`, { key: a.pk_live, json: { token: testPartner.token } });
      expect(live.status).toBe(404);
      expect(live.body.message).toMatch(/live mode/);
      expect((await http('POST', `${system.urls.tracking}/v1/clicks`, { key: a.pk_test, json: { token: livePartner.token } })).status).toBe(404);
    });

    it('a test key cannot see or change a live partner', async () => {
      expect((await http('GET', `${system.urls.tracking}/v1/partners/${livePartner.partnerId}`, { key: a.sk_test })).status).toBe(404);
      expect((await http('POST', `${system.urls.tracking}/v1/partners/${livePartner.partnerId}/referral-tokens`, { key: a.sk_test, json: {} })).status).toBe(
        404,
      );
      const list = (await http('GET', `${system.urls.tracking}/v1/partners`, { key: a.sk_test })).body.data;
      expect(list.map((p: { id: string }) => p.id)).toEqual([testPartner.partnerId]);
    });

    it('a Stripe test event (livemode: false) naming a live click attributes nothing, in either mode', async () => {
      const event = stripeEvent('checkout.session.completed', completedCheckoutSession({ clientReferenceId: livePartner.clickId, livemode: false }));
      const delivery = signStripeDelivery(event, system.webhookSecret);
      expect((await http('POST', `${system.urls.ingest}/webhooks/stripe`, { body: delivery.body, headers: delivery.headers })).status).toBe(200);
      await system.attributionIdle();
      expect((await http('GET', `${system.urls.attribution}/v1/stripe-events/${event.id}`, { key: a.sk_test })).body.outcome).toBe('unknown_click');
      expect((await http('GET', `${system.urls.attribution}/v1/stripe-events/${event.id}`, { key: a.sk_live })).status).toBe(404);
      const liveList = (await http('GET', `${system.urls.attribution}/v1/conversions?partner_id=${livePartner.partnerId}`, { key: a.sk_live })).body.data;
      expect(liveList.map((c: { id: string }) => c.id)).toEqual([liveConversion.id]);
    });

    it('test endpoints get only test events, live endpoints only live events', async () => {
      const receiver = await startWebhookReceiver();
      try {
        const testEndpoint = (await http('POST', `${system.urls.attribution}/v1/webhook-endpoints`, { key: a.sk_test, json: { url: receiver.url } })).body;
        receiver.secret = testEndpoint.secret;
        // Nothing listens there; its deliveries are only counted.
        const liveEndpoint = (
          await http('POST', `${system.urls.attribution}/v1/webhook-endpoints`, { key: a.sk_live, json: { url: 'https://127.0.0.1:9/live' } })
        ).body;
        expect((await http('GET', `${system.urls.attribution}/v1/webhook-endpoints/${liveEndpoint.id}`, { key: a.sk_test })).status).toBe(404);
        expect((await http('GET', `${system.urls.attribution}/v1/webhook-endpoints`, { key: a.sk_test })).body.data.map((e: { id: string }) => e.id)).toEqual([
          testEndpoint.id,
        ]);

        const testSale = (await conversionApi(a.sk_test, testPartner.clickId)).body;
        const liveSale = (await conversionApi(a.sk_live, livePartner.clickId)).body;
        await eventually(async () => (receiver.accepted.size === 1 ? true : undefined), 'the test event');
        const liveDeliveries = await eventually(async () => {
          const list = (await http('GET', `${system.urls.attribution}/v1/webhook-endpoints/${liveEndpoint.id}/deliveries`, { key: a.sk_live })).body.data;
          return list.length > 0 ? list : undefined;
        }, 'the live delivery');
        await new Promise((r) => setTimeout(r, 500));
        expect([...receiver.events.values()].map((e) => e.conversion.id)).toEqual([testSale.id]);
        expect(liveDeliveries.map((d: { event_type: string; mode: string }) => `${d.event_type}:${d.mode}`)).toEqual(['conversion.created:live']);
        const liveEvent = await http('GET', `${system.urls.attribution}/v1/webhook-deliveries/${liveDeliveries[0].id}`, { key: a.sk_live });
        expect(liveEvent.body.endpoint_id).toBe(liveEndpoint.id);
        expect((await http('GET', `${system.urls.attribution}/v1/webhook-deliveries/${liveDeliveries[0].id}`, { key: a.sk_test })).status).toBe(404);
        expect(liveSale.mode).toBe('live');
        await http('DELETE', `${system.urls.attribution}/v1/webhook-endpoints/${testEndpoint.id}`, { key: a.sk_test });
        await http('DELETE', `${system.urls.attribution}/v1/webhook-endpoints/${liveEndpoint.id}`, { key: a.sk_live });
      } finally {
        await receiver.close();
      }
    });
  });

  describe('workspaces', () => {
    it("workspace B's key cannot read, list or change workspace A's partners", async () => {
      expect((await http('GET', `${system.urls.tracking}/v1/partners/${testPartner.partnerId}`, { key: b.keys.sk_test })).status).toBe(404);
      expect(
        (await http('POST', `${system.urls.tracking}/v1/partners/${testPartner.partnerId}/referral-tokens`, { key: b.keys.sk_test, json: {} })).status,
      ).toBe(404);
      expect(
        (await http('POST', `${system.urls.tracking}/v1/partners/${testPartner.partnerId}/promo-codes`, { key: b.keys.sk_test, json: { code: 'STEAL10' } }))
          .status,
      ).toBe(404);
      expect((await http('GET', `${system.urls.tracking}/v1/partners`, { key: b.keys.sk_test })).body.data).toEqual([]);
    });

    it("workspace B's key cannot register clicks on A's referral tokens", async () => {
      expect((await http('POST', `${system.urls.tracking}/v1/clicks`, { key: b.keys.pk_test, json: { token: testPartner.token } })).status).toBe(404);
    });

    it("workspace B's key cannot read A's conversions or report one on A's click", async () => {
      expect((await http('GET', `${system.urls.attribution}/v1/conversions/${testConversion.id}`, { key: b.keys.sk_test })).status).toBe(404);
      expect((await http('GET', `${system.urls.attribution}/v1/conversions`, { key: b.keys.sk_test })).body.data).toEqual([]);
      const reported = await conversionApi(b.keys.sk_test, testPartner.clickId);
      expect(reported.status).toBe(422);
      expect(reported.body.code).toBe('no_attribution_signal');
    });

    it("workspace B's key cannot see, change, ping or delete A's webhook endpoint", async () => {
      const endpoint = (await http('POST', `${system.urls.attribution}/v1/webhook-endpoints`, { key: a.sk_test, json: { url: 'http://127.0.0.1:9/a' } })).body;
      const base = `${system.urls.attribution}/v1/webhook-endpoints/${endpoint.id}`;
      const attempts = [
        await http('GET', base, { key: b.keys.sk_test }),
        await http('PATCH', base, { key: b.keys.sk_test, json: { url: 'http://127.0.0.1:9/b' } }),
        await http('POST', `${base}/rotate-secret`, { key: b.keys.sk_test }),
        await http('POST', `${base}/test`, { key: b.keys.sk_test }),
        await http('GET', `${base}/deliveries`, { key: b.keys.sk_test }),
        await http('DELETE', base, { key: b.keys.sk_test }),
      ];
      expect(attempts.map((r) => r.status)).toEqual([404, 404, 404, 404, 404, 404]);
      expect((await http('GET', `${system.urls.attribution}/v1/webhook-endpoints`, { key: b.keys.sk_test })).body.data).toEqual([]);
      const still = await http('GET', base, { key: a.sk_test });
      expect(still.body).toMatchObject({ url: 'http://127.0.0.1:9/a' });
      await http('DELETE', base, { key: a.sk_test });
    });
  });
});
