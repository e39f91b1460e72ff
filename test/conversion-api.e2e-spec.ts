import { randomUUID } from 'node:crypto';
import { http } from './support/http';
import { otherWorkspace, partnerWithClick, PartnerWithClick, promoCodeOf } from './support/merchant-api';
import { paidInvoice, signStripeDelivery, stripeEvent, stripeId } from './support/stripe-events';
import { TestSystem } from './support/system';

/** `POST /api/v1/conversions` against the three running services: every answer of PRODUCT.md. */
describe('Conversion API', () => {
  let system: TestSystem;
  let url: string;
  let a: PartnerWithClick;
  let b: PartnerWithClick;
  const RATE_LIMIT = 30;

  beforeAll(async () => {
    system = await TestSystem.start({ env: { CONVERSION_API_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT) } });
    url = `${system.urls.ingest}/api/v1/conversions`;
    a = await partnerWithClick(system, system.keys.sk_test, system.keys.pk_test, 'Partner A');
    b = await partnerWithClick(system, system.keys.sk_test, system.keys.pk_test, 'Partner B');
  });
  afterAll(() => system?.stop());

  const report = (json: unknown, key = system.keys.sk_test) => http('POST', url, { key, json });
  const sale = (o: Record<string, unknown> = {}) => ({
    external_transaction_id: `order_${randomUUID()}`,
    event_type: 'sale',
    amount_cents: 4900,
    currency: 'usd',
    ...o,
  });

  it('201: records a conversion for the click, as attribution shows it', async () => {
    const created = await report(sale({ click_id: a.clickId.toUpperCase(), occurred_at: '2026-01-02T03:04:05+01:00' }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      object: 'conversion',
      mode: 'test',
      status: 'converted',
      kind: 'initial',
      source: 'api',
      event_type: 'sale',
      partner_id: a.partnerId,
      click_id: a.clickId,
      referral_token: a.token,
      promo_code: null,
      amount_cents: 4900,
      currency: 'usd',
      source_event_id: null,
      occurred_at: '2026-01-02T02:04:05.000Z',
    });
    const stored = await http('GET', `${system.urls.attribution}/v1/conversions/${created.body.id}`, { key: system.keys.sk_test });
    expect(stored.body).toEqual(created.body);
  });

  it('201: amount defaults to 0 and needs no currency; any event type such as lead', async () => {
    const created = await report({ click_id: a.clickId, external_transaction_id: `lead_${randomUUID()}`, event_type: 'lead' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ event_type: 'lead', amount_cents: 0, currency: null, partner_id: a.partnerId });
  });

  it('201: a promo code wins over a click of another partner, which is not credited', async () => {
    const code = await promoCodeOf(system, system.keys.sk_test, b.partnerId);
    await system.attributionIdle();
    const created = await report(sale({ click_id: a.clickId, promo_code: code.toLowerCase() }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ partner_id: b.partnerId, promo_code: code, click_id: null, referral_token: null });
  });

  it('400: names every invalid field at once', async () => {
    const bad = await report({ click_id: 'not-a-uuid', event_type: 'Big Sale!', amount_cents: -5, occurred_at: 'yesterday', clickId: 'typo' });
    expect(bad.status).toBe(400);
    const fields = bad.body.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(expect.arrayContaining(['(body)', 'amount_cents', 'click_id', 'event_type', 'external_transaction_id', 'occurred_at']));
    expect(bad.body.message).toMatch(/Unrecognized key.*clickId/);
  });

  it.each([
    ['no attribution signal', { click_id: '', promo_code: null }, /click_id or promo_code is required/],
    ['an amount without currency', { click_id: randomUUID(), currency: undefined }, /currency: is required when amount_cents is above 0/],
    ['a currency that is not ISO 4217', { click_id: randomUUID(), currency: 'usdx' }, /ISO 4217/],
    ['an id over 255 characters', { click_id: randomUUID(), external_transaction_id: 'x'.repeat(256) }, /at most 255/],
    ['a fractional amount', { click_id: randomUUID(), amount_cents: 10.5 }, /whole number/],
    ['a date in the future', { click_id: randomUUID(), occurred_at: '2099-01-01T00:00:00Z' }, /future/],
    ['an impossible time zone offset', { click_id: randomUUID(), occurred_at: '2026-01-01T00:00:00+99:00' }, /real date and time/],
  ])('400: %s', async (_what, fields, message) => {
    const bad = await report(sale(fields));
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(message);
  });

  it('400, not a 503 to retry forever: text PostgreSQL cannot store (an unpaired surrogate, NUL)', async () => {
    const surrogate = await report(sale({ click_id: a.clickId, external_transaction_id: 'order_\ud800' }));
    expect(surrogate.status).toBe(400);
    expect(surrogate.body.message).toMatch(/external_transaction_id: .*unpaired surrogate/);
    const nul = await report(sale({ click_id: a.clickId, external_transaction_id: 'order_\u0000' }));
    expect(nul.status).toBe(400);
    expect(nul.body.message).toMatch(/NUL/);
  });

  it('400: a body that is not a JSON object', async () => {
    const bad = await http('POST', url, { key: system.keys.sk_test, body: '[1,2]', headers: { 'content-type': 'application/json' } });
    expect(bad.status).toBe(400);
  });

  it('401 without a key or with an unknown one; 403 with a publishable key', async () => {
    expect((await http('POST', url, { json: sale({ click_id: a.clickId }) })).status).toBe(401);
    expect((await report(sale({ click_id: a.clickId }), `sk_test_${'x'.repeat(32)}`)).status).toBe(401);
    const publishable = await report(sale({ click_id: a.clickId }), system.keys.pk_test);
    expect(publishable.status).toBe(403);
    expect(publishable.body.message).toMatch(/secret key/);
  });

  it('409: a repeated external_transaction_id returns the conversion already recorded', async () => {
    const body = sale({ click_id: a.clickId });
    const first = await report(body);
    expect(first.status).toBe(201);
    const again = await report({ ...body, amount_cents: 1 });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('duplicate_external_transaction_id');
    expect(again.body.conversion).toEqual(first.body);
  });

  it('409: of ten simultaneous identical calls exactly one creates the conversion', async () => {
    const body = sale({ click_id: b.clickId });
    const answers = await Promise.all(Array.from({ length: 10 }, () => report(body)));
    expect(answers.map((r) => r.status).sort()).toEqual([201, ...Array(9).fill(409)]);
    const ids = new Set(answers.map((r) => (r.status === 201 ? r.body.id : r.body.conversion.id)));
    expect(ids.size).toBe(1);
  });

  it('422: a click id that names no click', async () => {
    const refused = await report(sale({ click_id: randomUUID() }));
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'no_attribution_signal' });
    expect(refused.body.message).toMatch(/No click .* in this workspace's test mode/);
  });

  it('422: a live click reported with a test key, and the other way round', async () => {
    const live = await partnerWithClick(system, system.keys.sk_live, system.keys.pk_live, 'Live partner');
    await system.attributionIdle();
    const withTestKey = await report(sale({ click_id: live.clickId }));
    expect(withTestKey.status).toBe(422);
    expect(withTestKey.body).toMatchObject({ code: 'mode_mismatch' });
    expect(withTestKey.body.message).toMatch(/live mode; report it with a live secret key/);
    const withLiveKey = await report(sale({ click_id: a.clickId }), system.keys.sk_live);
    expect(withLiveKey.status).toBe(422);
    expect(withLiveKey.body.code).toBe('mode_mismatch');
    // And the right key for the click works.
    expect((await report(sale({ click_id: live.clickId }), system.keys.sk_live)).status).toBe(201);
  });

  it('429: past the limit per secret key, with other keys unaffected', async () => {
    const other = await otherWorkspace(system);
    const statuses: number[] = [];
    // A minute boundary may reset the window once: the 429 still comes within two windows' worth.
    for (let i = 0; i < 2 * RATE_LIMIT + 2 && !statuses.includes(429); i++) {
      statuses.push((await report(sale({ click_id: randomUUID() }), other.keys.sk_test)).status);
    }
    const first429 = statuses.indexOf(429);
    expect(first429).toBeGreaterThanOrEqual(RATE_LIMIT);
    expect(new Set(statuses.slice(0, first429))).toEqual(new Set([422]));
    const limited = await report(sale({ click_id: a.clickId }), other.keys.sk_test);
    expect(limited.status).toBe(429);
    expect(limited.body.message).toMatch(/limited to 30 calls a minute per secret key/);
    expect((await report(sale({ click_id: a.clickId }))).status).toBe(201);
  });

  describe('one sale reported through Stripe and through the API', () => {
    const deliver = async (type: string, object: Record<string, unknown>) => {
      const event = stripeEvent(type, object);
      const delivery = signStripeDelivery(event, system.webhookSecret);
      expect((await http('POST', `${system.urls.ingest}/webhooks/stripe`, { body: delivery.body, headers: delivery.headers })).status).toBe(200);
      await system.attributionIdle();
      return (await http('GET', `${system.urls.attribution}/v1/stripe-events/${event.id}`, { key: system.keys.sk_test })).body;
    };
    const conversionsOfCustomer = async (customer: string) =>
      (await http('GET', `${system.urls.attribution}/v1/conversions?stripe_customer=${customer}`, { key: system.keys.sk_test })).body.data;

    it('API first: the invoice counts once, and its customer renews with the partner', async () => {
      const customer = stripeId('cus');
      const invoice = stripeId('in');
      const reported = await report(sale({ click_id: a.clickId, external_transaction_id: invoice }));
      expect(reported.status).toBe(201);
      expect(reported.body.stripe.invoice).toBe(invoice);

      const subscription = stripeId('sub');
      const first = await deliver(
        'invoice.paid',
        paidInvoice({ id: invoice, customer, subscription, billingReason: 'subscription_create', metadata: { aff_click_id: b.clickId } }),
      );
      expect(first).toMatchObject({ outcome: 'already_counted', conversion_id: reported.body.id });
      const renewal = await deliver('invoice.paid', paidInvoice({ customer, subscription, billingReason: 'subscription_cycle', amountPaid: 2900 }));
      expect(renewal.outcome).toBe('attributed');

      // The reported conversion learned its Stripe customer from the invoice, as in the other order.
      const list = await conversionsOfCustomer(customer);
      const seen = list.map((c: { kind: string; source: string; partner_id: string }) => `${c.kind}:${c.source}:${c.partner_id}`).sort();
      expect(seen).toEqual([`initial:api:${a.partnerId}`, `renewal:stripe:${a.partnerId}`]);
      const all = await http('GET', `${system.urls.attribution}/v1/conversions?partner_id=${b.partnerId}&limit=100`, { key: system.keys.sk_test });
      expect(all.body.data.some((c: { stripe: { invoice: string } }) => c.stripe.invoice === invoice)).toBe(false);
    });

    it('Stripe first: the API call for the same invoice is a 409 naming the Stripe conversion', async () => {
      const invoice = stripeId('in');
      const outcome = await deliver(
        'invoice.paid',
        paidInvoice({ id: invoice, customer: stripeId('cus'), billingReason: 'manual', metadata: { aff_click_id: a.clickId } }),
      );
      expect(outcome.outcome).toBe('attributed');
      const reported = await report(sale({ click_id: b.clickId, external_transaction_id: invoice }));
      expect(reported.status).toBe(409);
      expect(reported.body.conversion).toMatchObject({ id: outcome.conversion_id, source: 'stripe', partner_id: a.partnerId });
    });
  });

  it('503 while no attribution replica runs, and nothing is recorded', async () => {
    await system.stopAttribution();
    try {
      const body = sale({ click_id: a.clickId });
      const refused = await report(body);
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBeTruthy();
      expect(refused.body.message).toMatch(/nothing was recorded/);
      await system.startAttribution();
      expect((await report(body)).status).toBe(201);
    } finally {
      if (!system.attribution) await system.startAttribution();
    }
  });
});
