import { randomUUID } from 'node:crypto';
import { http } from './support/http';
import { partnerWithClick, PartnerWithClick, promoCodeOf } from './support/merchant-api';
import { completedCheckoutSession, paidInvoice, refundedCharge, signStripeDelivery, stripeEvent, stripeId } from './support/stripe-events';
import { TestSystem } from './support/system';

/** The reads the merchant dashboard shows, against the running services: lists, filters, summaries, explanations. */
describe('dashboard reads', () => {
  let system: TestSystem;
  let sk: string;
  const today = new Date().toISOString().slice(0, 10);
  const get = (url: string, key = sk) => http('GET', url, { key });
  const tracking = (path: string) => get(`${system.urls.tracking}${path}`);
  const attribution = (path: string, key = sk) => get(`${system.urls.attribution}${path}`, key);

  async function deliver(type: string, object: Record<string, unknown>, created?: number): Promise<string> {
    const event = stripeEvent(type, object, { created });
    const delivery = signStripeDelivery(event, system.webhookSecret);
    const posted = await http('POST', `${system.urls.ingest}/webhooks/stripe`, { body: delivery.body, headers: delivery.headers });
    expect(posted.status).toBe(200);
    return event.id;
  }

  beforeAll(async () => {
    system = await TestSystem.start();
    sk = system.keys.sk_test;
  });
  afterAll(() => system?.stop());

  describe('GET /v1/partners: pages and search', () => {
    const ids: string[] = [];

    beforeAll(async () => {
      for (const [name, email] of [
        ['Ada Lovelace', 'ada@engines.example'],
        ['Grace Hopper', 'GRACE@navy.example'],
        ['Alan Turing', null],
      ]) {
        const created = await http('POST', `${system.urls.tracking}/v1/partners`, {
          key: sk,
          json: { name, destination_url: 'https://shop.example.com/', ...(email ? { email } : {}) },
        });
        expect(created.status).toBe(201);
        ids.unshift(created.body.id);
      }
    });

    it('pages newest first with starting_after and has_more', async () => {
      const first = await tracking('/v1/partners?limit=2');
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ object: 'list', has_more: true });
      expect(first.body.data.map((p: { id: string }) => p.id)).toEqual(ids.slice(0, 2));
      const second = await tracking(`/v1/partners?limit=2&starting_after=${first.body.data[1].id}`);
      expect(second.body).toMatchObject({ has_more: false });
      expect(second.body.data.map((p: { id: string }) => p.id)).toEqual([ids[2]]);
    });

    it('searches the start of a name or an email whatever the case, or a partner id', async () => {
      const names = async (q: string) => (await tracking(`/v1/partners?q=${encodeURIComponent(q)}`)).body.data.map((p: { name: string }) => p.name);
      expect(await names('ada')).toEqual(['Ada Lovelace']);
      expect(await names('grace@NAVY')).toEqual(['Grace Hopper']);
      expect(await names('A')).toEqual(['Alan Turing', 'Ada Lovelace']);
      expect(await names('lovelace')).toEqual([]);
      expect(await names('%')).toEqual([]);
      expect(await names(ids[1].toUpperCase())).toEqual(['Grace Hopper']);
      const paged = await tracking('/v1/partners?q=a&limit=1');
      expect(paged.body).toMatchObject({ has_more: true, data: [{ name: 'Alan Turing' }] });
      const next = await tracking(`/v1/partners?q=a&limit=1&starting_after=${paged.body.data[0].id}`);
      expect(next.body).toMatchObject({ has_more: false, data: [{ name: 'Ada Lovelace' }] });
    });

    it.each([
      ['an empty q', 'q=', 'q must not be empty: leave it out to list every partner'],
      ['a q too long', `q=${'x'.repeat(201)}`, 'q must be at most 200 characters'],
      ['a cursor of no partner', `starting_after=${randomUUID()}`, 'starting_after must be the id of a partner from a previous page'],
      ['a limit out of range', 'limit=0', 'limit must be a whole number from 1 to 100'],
    ])('400 for %s', async (_what, query, message) => {
      const bad = await tracking(`/v1/partners?${query}`);
      expect(bad.status).toBe(400);
      expect(bad.body.message).toBe(message);
    });

    it('another mode sees none of them', async () => {
      const live = await get(`${system.urls.tracking}/v1/partners?q=ada`, system.keys.sk_live);
      expect(live.body.data).toEqual([]);
    });
  });

  it('GET /v1/api-keys shows publishable keys themselves, never secret keys', async () => {
    const keys = await tracking('/v1/api-keys');
    expect(keys.status).toBe(200);
    const publishable = keys.body.data.find((k: { kind: string }) => k.kind === 'publishable');
    const secret = keys.body.data.find((k: { kind: string }) => k.kind === 'secret');
    expect(publishable).toMatchObject({ mode: 'test', key: system.keys.pk_test });
    expect(secret).not.toHaveProperty('key');
    expect(JSON.stringify(keys.body)).not.toContain(system.keys.sk_test);
    const made = await http('POST', `${system.urls.tracking}/v1/api-keys`, { key: sk, json: { kind: 'publishable' } });
    expect(made.status).toBe(201);
    const again = await tracking('/v1/api-keys');
    expect(again.body.data.find((k: { id: string }) => k.id === made.body.id)).toMatchObject({ key: made.body.key });
  });

  describe('sales, summaries and explanations', () => {
    let a: PartnerWithClick;
    let b: PartnerWithClick;
    const attributed = { session: '', event: '', conversion: '' };
    const unattributed = { session: '', event: '' };
    let apiConversion: string;

    beforeAll(async () => {
      a = await partnerWithClick(system, sk, system.keys.pk_test, 'Partner A');
      b = await partnerWithClick(system, sk, system.keys.pk_test, 'Partner B');
      for (let i = 0; i < 2; i++) {
        const click = await http('POST', `${system.urls.tracking}/v1/clicks`, { key: system.keys.pk_test, json: { token: a.token } });
        expect(click.status).toBe(201);
      }
      await system.attributionIdle();
      const sale = completedCheckoutSession({ clientReferenceId: a.clickId, amountTotal: 4900, currency: 'usd' });
      attributed.session = sale.id as string;
      attributed.event = await deliver('checkout.session.completed', sale);
      await deliver('checkout.session.completed', completedCheckoutSession({ metadata: { aff_click_id: b.clickId }, amountTotal: 1500, currency: 'eur' }));
      const nothing = completedCheckoutSession({ amountTotal: 999, currency: 'usd' });
      unattributed.session = nothing.id as string;
      unattributed.event = await deliver('checkout.session.completed', nothing);
      await system.attributionIdle();
      const reported = await http('POST', `${system.urls.ingest}/api/v1/conversions`, {
        key: sk,
        json: { click_id: a.clickId, external_transaction_id: `order_${randomUUID()}`, event_type: 'sale', amount_cents: 1000, currency: 'usd' },
      });
      expect(reported.status).toBe(201);
      apiConversion = reported.body.id;
      const stored = await attribution(`/v1/stripe-events/${attributed.event}`);
      attributed.conversion = stored.body.conversion_id;
    });

    it('click summary by day: every day of the last 30, today with its clicks', async () => {
      const summary = await attribution('/v1/click-summary');
      expect(summary.status).toBe(200);
      expect(summary.body).toMatchObject({ object: 'click_summary', group_by: 'day' });
      expect(summary.body.data).toHaveLength(30);
      expect(summary.body.data[29]).toEqual({ day: today, clicks: 4 });
      expect(summary.body.data.slice(0, 29).every((d: { clicks: number }) => d.clicks === 0)).toBe(true);
      const ofB = await attribution(`/v1/click-summary?partner_id=${b.partnerId}&created_gte=${today}`);
      expect(ofB.body.data[0]).toEqual({ day: today, clicks: 1 });
    });

    it('click summary by partner: most clicks first', async () => {
      const summary = await attribution('/v1/click-summary?group_by=partner');
      expect(summary.body.data).toEqual([
        { partner_id: a.partnerId, clicks: 3 },
        { partner_id: b.partnerId, clicks: 1 },
      ]);
      expect((await attribution('/v1/click-summary?group_by=partner&limit=1')).body.data).toHaveLength(1);
    });

    it.each([
      ['/v1/click-summary?group_by=week', 'group_by must be one of: day, partner, referral_token'],
      ['/v1/conversion-summary?referral_token=%2Fetc', /^referral_token must be a referral token/],
      ['/v1/click-summary?created_gte=last-week', /^created_gte must be an ISO 8601 date/],
      ['/v1/click-summary?created_gte=2025-01-01&created_lt=2026-06-01', /at most 366 days apart/],
      ['/v1/conversion-summary?partner_id=ada', 'partner_id must be a partner id (a UUID)'],
      ['/v1/conversion-summary?created_gte=2026-02-01&created_lt=2026-01-01', 'created_gte must be before created_lt'],
      ['/v1/conversions?status=paid', 'status must be one of: pending, converted, expired, duplicate'],
      ['/v1/conversion-summary?status=refunded', 'status must be one of: pending, converted, expired, duplicate'],
      ['/v1/conversions?kind=first', 'kind must be one of: initial, renewal'],
      ['/v1/conversions?source=shopify', 'source must be one of: stripe, api'],
      ['/v1/conversions?created_lt=tomorrow', /^created_lt must be an ISO 8601 date/],
      ['/v1/stripe-events?starting_after=evt_nope', 'starting_after must be the id of a Stripe event from a previous page'],
      ['/v1/attribution-explanations/ch_123', /^stripe_id must be the id of a Stripe event \(evt_\.\.\.\)/],
    ])('400 for %s', async (path, message) => {
      const bad = await attribution(path);
      expect(bad.status).toBe(400);
      expect(bad.body.message).toEqual(typeof message === 'string' ? message : expect.stringMatching(message));
    });

    it('conversions filtered by status, kind, source and creation time, paged', async () => {
      const ids = async (query: string) => (await attribution(`/v1/conversions?${query}`)).body.data.map((c: { id: string }) => c.id);
      expect(await ids('source=api')).toEqual([apiConversion]);
      expect(await ids('source=stripe&status=converted&kind=initial')).toHaveLength(2);
      expect(await ids('status=pending')).toEqual([]);
      expect(await ids(`created_gte=${today}&partner_id=${a.partnerId}`)).toEqual([apiConversion, attributed.conversion]);
      expect(await ids('created_lt=2020-01-01')).toEqual([]);
      const first = await attribution('/v1/conversions?status=converted&limit=2');
      expect(first.body.has_more).toBe(true);
      const rest = await attribution(`/v1/conversions?status=converted&limit=2&starting_after=${first.body.data[1].id}`);
      expect(rest.body).toMatchObject({ has_more: false });
      expect(rest.body.data).toHaveLength(1);
      expect(new Set([...first.body.data, ...rest.body.data].map((c: { id: string }) => c.id)).size).toBe(3);
    });

    it('conversion summary per day and currency, money in minor units', async () => {
      const summary = await attribution('/v1/conversion-summary');
      expect(summary.status).toBe(200);
      expect(summary.body).toMatchObject({ object: 'conversion_summary', group_by: 'day', status: 'converted' });
      expect(summary.body.data).toEqual([
        { day: today, currency: 'eur', conversions: 1, revenue_cents: 1500, refunded_cents: 0 },
        { day: today, currency: 'usd', conversions: 2, revenue_cents: 5900, refunded_cents: 0 },
      ]);
    });

    it('conversion summary per partner and currency', async () => {
      const summary = await attribution('/v1/conversion-summary?group_by=partner');
      expect(summary.body.data).toEqual([
        { partner_id: a.partnerId, currency: 'usd', conversions: 2, revenue_cents: 5900, refunded_cents: 0 },
        { partner_id: b.partnerId, currency: 'eur', conversions: 1, revenue_cents: 1500, refunded_cents: 0 },
      ]);
      const ofB = await attribution(`/v1/conversion-summary?group_by=partner&partner_id=${b.partnerId}`);
      expect(ofB.body.data).toEqual([{ partner_id: b.partnerId, currency: 'eur', conversions: 1, revenue_cents: 1500, refunded_cents: 0 }]);
      const live = await attribution('/v1/conversion-summary', system.keys.sk_live);
      expect(live.body.data).toEqual([]);
    });

    it('the processed Stripe events, newest first, paged', async () => {
      const all = await attribution('/v1/stripe-events');
      expect(all.status).toBe(200);
      expect(all.body.data).toHaveLength(3);
      const one = await attribution(`/v1/stripe-events/${attributed.event}`);
      expect(all.body.data).toContainEqual(one.body);
      const first = await attribution('/v1/stripe-events?limit=2');
      const next = await attribution(`/v1/stripe-events?limit=2&starting_after=${first.body.data[1].id}`);
      expect(first.body.has_more).toBe(true);
      expect(next.body.has_more).toBe(false);
      expect([...first.body.data, ...next.body.data].map((e: { id: string }) => e.id)).toEqual(all.body.data.map((e: { id: string }) => e.id));
    });

    it('explains an attributed sale, by its Checkout Session and by its event', async () => {
      for (const id of [attributed.session, attributed.event]) {
        const explained = await attribution(`/v1/attribution-explanations/${id}`);
        expect(explained.status).toBe(200);
        expect(explained.body).toMatchObject({ object: 'attribution_explanation', stripe_id: id, found: true });
        expect(explained.body.summary).toBe(
          `This ${id.startsWith('cs_') ? 'Checkout Session' : 'Stripe event'} was attributed to partner ${a.partnerId} (conversion ${attributed.conversion}).`,
        );
        expect(explained.body.conversions.map((c: { id: string }) => c.id)).toEqual([attributed.conversion]);
        expect(explained.body.events).toEqual([
          expect.objectContaining({ id: attributed.event, outcome: 'attributed', explanation: 'A conversion was recorded for a partner from this event.' }),
        ]);
      }
    });

    it('explains a sale that carried no signal', async () => {
      const explained = await attribution(`/v1/attribution-explanations/${unattributed.session}`);
      expect(explained.body).toMatchObject({ found: true, conversions: [], events: [{ id: unattributed.event, outcome: 'no_signal' }] });
      expect(explained.body.summary).toMatch(
        /^This Checkout Session was not attributed\. No click id or promo code was on this sale: it carried no client_reference_id/,
      );
      expect(explained.body.kept_sales).toEqual([expect.objectContaining({ object: 'checkout_session', id: unattributed.session, amount_cents: 999 })]);
    });

    it('explains an id nothing was received for, in this mode', async () => {
      const unknown = stripeId('evt');
      const explained = await attribution(`/v1/attribution-explanations/${unknown}`);
      expect(explained.status).toBe(200);
      expect(explained.body).toMatchObject({ found: false, events: [], conversions: [], kept_sales: [] });
      expect(explained.body.summary).toMatch(new RegExp(`^Nothing was received for ${unknown} in test mode\\. If it is a live-mode id, switch to live mode`));
      const otherMode = await attribution(`/v1/attribution-explanations/${attributed.session}`, system.keys.sk_live);
      expect(otherMode.body.found).toBe(false);
    });

    it("a conversion's history: the Stripe event that made it, or the Conversion API report", async () => {
      const history = await attribution(`/v1/conversions/${attributed.conversion}/history`);
      expect(history.status).toBe(200);
      expect(history.body).toMatchObject({
        object: 'conversion_history',
        conversion_id: attributed.conversion,
        data: [{ type: 'checkout.session.completed', source_event_id: attributed.event, outcome: 'attributed' }],
      });
      const reported = await attribution(`/v1/conversions/${apiConversion}/history`);
      expect(reported.body.data).toEqual([expect.objectContaining({ type: 'conversion_api.conversion', outcome: 'attributed' })]);
      expect((await attribution(`/v1/conversions/${randomUUID()}/history`)).status).toBe(404);
    });
  });
  describe('money back and renewals, in explanations and histories', () => {
    let p: PartnerWithClick;
    const now = Math.floor(Date.now() / 1000);

    beforeAll(async () => {
      p = await partnerWithClick(system, sk, system.keys.pk_test, 'Partner C');
      await system.attributionIdle();
    });

    it('a refunded payment: its history, oldest first, and its PaymentIntent explained', async () => {
      const paymentIntent = stripeId('pi');
      const session = completedCheckoutSession({ mode: 'payment', clientReferenceId: p.clickId, paymentIntent, amountTotal: 4900 });
      const sold = await deliver('checkout.session.completed', session, now - 60);
      await system.attributionIdle();
      const refunded = await deliver('charge.refunded', refundedCharge('head', { payment_intent: paymentIntent, amount_refunded: 1500 }), now - 30);
      await system.attributionIdle();
      const conversion = (await attribution(`/v1/stripe-events/${sold}`)).body.conversion_id;

      const history = await attribution(`/v1/conversions/${conversion}/history`);
      expect(history.body.data.map((h: { type: string; source_event_id: string; outcome: string }) => [h.type, h.source_event_id, h.outcome])).toEqual([
        ['checkout.session.completed', sold, 'attributed'],
        ['charge.refunded', refunded, 'refund_applied'],
      ]);
      expect(history.body.data[1]).toMatchObject({
        at: new Date((now - 30) * 1000).toISOString(),
        explanation: expect.stringMatching(
          /^Money went back \(a refund or a dispute\): it was applied to the conversion of its sale\. \(refund of charge ch_\w+ \(1500 refunded in all\)/,
        ),
      });

      const explained = await attribution(`/v1/attribution-explanations/${paymentIntent}`);
      expect(explained.body.summary).toBe(`This payment was attributed to partner ${p.partnerId} (conversion ${conversion}).`);
      expect(explained.body.events.map((e: { id: string }) => e.id)).toEqual([sold, refunded]);
      expect(explained.body.conversions).toEqual([expect.objectContaining({ id: conversion, refunded_amount_cents: 1500 })]);
    });

    it('a renewal follows its customer: the customer and the renewal invoice explained', async () => {
      const customer = stripeId('cus');
      const subscription = stripeId('sub');
      await deliver('checkout.session.completed', completedCheckoutSession({ clientReferenceId: p.clickId, customer, subscription }), now - 20);
      await system.attributionIdle();
      const invoice = stripeId('in');
      await deliver('invoice.paid', paidInvoice({ id: invoice, customer, subscription, billingReason: 'subscription_cycle' }), now - 10);
      await system.attributionIdle();

      const ofCustomer = await attribution(`/v1/attribution-explanations/${customer}`);
      expect(ofCustomer.body.summary).toBe(`This customer has 2 conversions: 2 attributed to partner ${p.partnerId}.`);
      expect(ofCustomer.body.conversions.map((c: { kind: string }) => c.kind).sort()).toEqual(['initial', 'renewal']);
      const ofInvoice = await attribution(`/v1/attribution-explanations/${invoice}`);
      expect(ofInvoice.body.summary).toMatch(new RegExp(`^This invoice was attributed to partner ${p.partnerId} \\(conversion [0-9a-f-]{36}\\)\\.$`));
      const ofSubscription = await attribution(`/v1/attribution-explanations/${subscription}`);
      expect(ofSubscription.body.conversions).toEqual([expect.objectContaining({ kind: 'initial', partner_id: p.partnerId })]);
      const renewals = await attribution(`/v1/conversions?kind=renewal&partner_id=${p.partnerId}`);
      // The renewal counts for the link its initial sale came through.
      expect(renewals.body.data).toEqual([expect.objectContaining({ stripe: expect.objectContaining({ invoice }), click_id: null, referral_token: p.token })]);
      expect(ofSubscription.body.conversions[0]).toMatchObject({ click_id: p.clickId, referral_token: p.token });
    });
  });

  describe('per referral token (link): what the partner portal reads', () => {
    let p: PartnerWithClick;
    let second: string;
    const conversions = { checkout: '', secondLink: '', api: '', promo: '' };

    beforeAll(async () => {
      p = await partnerWithClick(system, sk, system.keys.pk_test, 'Partner D');
      const made = await http('POST', `${system.urls.tracking}/v1/partners/${p.partnerId}/referral-tokens`, { key: sk, json: { label: 'Newsletter' } });
      second = made.body.token;
      const click = async (token: string) => (await http('POST', `${system.urls.tracking}/v1/clicks`, { key: system.keys.pk_test, json: { token } })).body;
      await click(p.token);
      const onSecond = await click(second);
      const code = await promoCodeOf(system, sk, p.partnerId);
      await system.attributionIdle();

      const sold = await deliver('checkout.session.completed', completedCheckoutSession({ clientReferenceId: p.clickId, amountTotal: 4900, currency: 'usd' }));
      const soldSecond = await deliver('checkout.session.completed', completedCheckoutSession({ clientReferenceId: onSecond.click_id, amountTotal: 1500 }));
      await system.attributionIdle();
      conversions.checkout = (await attribution(`/v1/stripe-events/${sold}`)).body.conversion_id;
      conversions.secondLink = (await attribution(`/v1/stripe-events/${soldSecond}`)).body.conversion_id;
      const report = async (json: Record<string, unknown>) => {
        const reported = await http('POST', `${system.urls.ingest}/api/v1/conversions`, {
          key: sk,
          json: { external_transaction_id: `order_${randomUUID()}`, event_type: 'sale', amount_cents: 1000, currency: 'usd', ...json },
        });
        expect(reported.status).toBe(201);
        return reported.body.id as string;
      };
      conversions.api = await report({ click_id: p.clickId });
      conversions.promo = await report({ promo_code: code });
    });

    it('a conversion records the referral token of its click; a promo code sale has none', async () => {
      const listed = await attribution(`/v1/conversions?partner_id=${p.partnerId}`);
      const tokenOf = Object.fromEntries(listed.body.data.map((c: { id: string; referral_token: string | null }) => [c.id, c.referral_token]));
      expect(tokenOf).toEqual({ [conversions.checkout]: p.token, [conversions.secondLink]: second, [conversions.api]: p.token, [conversions.promo]: null });
      expect((await attribution(`/v1/conversions/${conversions.checkout}`)).body).toMatchObject({ click_id: p.clickId, referral_token: p.token });
    });

    it('conversions filtered by referral token, any case', async () => {
      const ids = async (query: string) => (await attribution(`/v1/conversions?${query}`)).body.data.map((c: { id: string }) => c.id);
      expect(await ids(`referral_token=${p.token.toUpperCase()}`)).toEqual([conversions.api, conversions.checkout]);
      expect(await ids(`referral_token=${second}&partner_id=${p.partnerId}`)).toEqual([conversions.secondLink]);
      expect(await ids('referral_token=nobody-has-this')).toEqual([]);
      const bad = await attribution('/v1/conversions?referral_token=a%20b');
      expect(bad.status).toBe(400);
      expect(bad.body.message).toMatch(/^referral_token must be a referral token/);
    });

    it("clicks per link of a partner, and one link's days", async () => {
      const perLink = await attribution(`/v1/click-summary?group_by=referral_token&partner_id=${p.partnerId}`);
      expect(perLink.status).toBe(200);
      expect(perLink.body).toMatchObject({ object: 'click_summary', group_by: 'referral_token' });
      expect(perLink.body.data).toEqual([
        { referral_token: p.token, partner_id: p.partnerId, clicks: 2 },
        { referral_token: second, partner_id: p.partnerId, clicks: 1 },
      ]);
      const days = await attribution(`/v1/click-summary?referral_token=${second}&partner_id=${p.partnerId}&created_gte=${today}`);
      expect(days.body.data[0]).toEqual({ day: today, clicks: 1 });
      expect((await attribution(`/v1/click-summary?referral_token=${second}&partner_id=${randomUUID()}&created_gte=${today}`)).body.data[0].clicks).toBe(0);
    });

    it("conversions per link of a partner (those without a link as null), and one link's days", async () => {
      const perLink = await attribution(`/v1/conversion-summary?group_by=referral_token&partner_id=${p.partnerId}`);
      expect(perLink.body).toMatchObject({ object: 'conversion_summary', group_by: 'referral_token', status: 'converted' });
      expect(perLink.body.data).toEqual([
        { referral_token: p.token, partner_id: p.partnerId, currency: 'usd', conversions: 2, revenue_cents: 5900, refunded_cents: 0 },
        { referral_token: second, partner_id: p.partnerId, currency: 'usd', conversions: 1, revenue_cents: 1500, refunded_cents: 0 },
        { referral_token: null, partner_id: p.partnerId, currency: 'usd', conversions: 1, revenue_cents: 1000, refunded_cents: 0 },
      ]);
      expect((await attribution(`/v1/conversion-summary?group_by=referral_token&partner_id=${p.partnerId}&limit=1`)).body.data).toHaveLength(1);
      const days = await attribution(`/v1/conversion-summary?referral_token=${p.token}`);
      expect(days.body.data).toEqual([{ day: today, currency: 'usd', conversions: 2, revenue_cents: 5900, refunded_cents: 0 }]);
    });
  });
});
