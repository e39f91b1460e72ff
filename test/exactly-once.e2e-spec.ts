import { randomUUID } from 'node:crypto';
import { JSONCodec } from 'nats';
import { Client } from 'pg';
import { Subjects } from '@app/domain';
import { NatsClient } from '@app/messaging';
import { http } from './support/http';
import { partnerWithClick, PartnerWithClick } from './support/merchant-api';
import { completedCheckoutSession, paidInvoice, signStripeDelivery, stripeEvent, stripeId } from './support/stripe-events';
import { TestSystem } from './support/system';
import { TEST_DATABASE_URL } from './support/test-env';

/**
 * "Every sale attributed exactly once, to the right partner, whatever order and however often
 * events arrive, whichever path reports it": the interleavings of the Conversion API with Stripe,
 * repeat buyers through another partner, and the wait for a click still in flight.
 */
describe('exactly once on every path', () => {
  let system: TestSystem;
  let a: PartnerWithClick;
  let b: PartnerWithClick;
  const DAY = 86_400;
  const now = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    system = await TestSystem.start();
    a = await partnerWithClick(system, system.keys.sk_test, system.keys.pk_test, 'Partner A');
    b = await partnerWithClick(system, system.keys.sk_test, system.keys.pk_test, 'Partner B');
    await system.attributionIdle();
  });
  afterAll(() => system?.stop());

  async function deliver(type: string, object: Record<string, unknown>, created = now()): Promise<string> {
    const event = stripeEvent(type, object, { created });
    const delivery = signStripeDelivery(event, system.webhookSecret);
    const posted = await http('POST', `${system.urls.ingest}/webhooks/stripe`, { body: delivery.body, headers: delivery.headers });
    expect(posted.status).toBe(200);
    return event.id;
  }
  const outcomeOf = async (eventId: string) => (await http('GET', `${system.urls.attribution}/v1/stripe-events/${eventId}`, { key: system.keys.sk_test })).body;
  const report = (json: Record<string, unknown>) =>
    http('POST', `${system.urls.ingest}/api/v1/conversions`, {
      key: system.keys.sk_test,
      json: { event_type: 'sale', amount_cents: 4900, currency: 'usd', ...json },
    });
  async function conversionsOf(customer: string): Promise<string[]> {
    const list = await http('GET', `${system.urls.attribution}/v1/conversions?stripe_customer=${customer}&limit=100`, { key: system.keys.sk_test });
    const names = new Map([
      [a.partnerId, 'A'],
      [b.partnerId, 'B'],
    ]);
    return list.body.data
      .map((c: Record<string, any>) =>
        [names.get(c.partner_id), c.kind, c.status, c.source, c.stripe.invoice ?? '-', c.stripe.checkout_session ?? '-'].join(' '),
      )
      .sort();
  }

  describe('a Stripe sale reported through the Conversion API after Stripe delivered it', () => {
    it('takes the invoice kept unattributed: its customer is bound, and every renewal follows the partner', async () => {
      const customer = stripeId('cus');
      const subscription = stripeId('sub');
      const invoice = stripeId('in');
      const first = await deliver('invoice.paid', paidInvoice({ id: invoice, customer, subscription, billingReason: 'subscription_create' }));
      // A renewal paid before the merchant reported the sale: the binding claims it.
      const early = await deliver(
        'invoice.paid',
        paidInvoice({ customer, subscription, billingReason: 'subscription_cycle', amountPaid: 2900 }),
        now() + 30 * DAY,
      );
      await system.attributionIdle();
      expect((await outcomeOf(first)).outcome).toBe('no_signal');

      const reported = await report({ click_id: a.clickId, external_transaction_id: invoice });
      expect(reported.status).toBe(201);
      expect(reported.body.stripe).toMatchObject({ customer, subscription, invoice });
      const late = await deliver(
        'invoice.paid',
        paidInvoice({ customer, subscription, billingReason: 'subscription_cycle', amountPaid: 2900 }),
        now() + 60 * DAY,
      );
      await system.attributionIdle();

      expect(await outcomeOf(first)).toMatchObject({ outcome: 'attributed', conversion_id: reported.body.id });
      expect((await outcomeOf(early)).outcome).toBe('attributed');
      expect((await outcomeOf(late)).outcome).toBe('attributed');
      const conversions = await conversionsOf(customer);
      expect(conversions).toHaveLength(3);
      expect(conversions[0]).toBe(`A initial converted api ${invoice} -`);
      expect(conversions.slice(1)).toEqual([
        expect.stringMatching(/^A renewal converted stripe in_/),
        expect.stringMatching(/^A renewal converted stripe in_/),
      ]);
    });

    it('takes the Checkout Session kept unattributed, with its invoice, whichever of the two was reported', async () => {
      for (const named of ['session', 'invoice'] as const) {
        const customer = stripeId('cus');
        const session = completedCheckoutSession({ customer, clientReferenceId: 'order-17' });
        const sessionEvent = await deliver('checkout.session.completed', session);
        const invoiceEvent = await deliver(
          'invoice.paid',
          paidInvoice({ id: session.invoice as string, customer, subscription: session.subscription as string, billingReason: 'subscription_create' }),
        );
        await system.attributionIdle();
        expect((await outcomeOf(sessionEvent)).outcome).toBe('no_signal');

        const reported = await report({ click_id: b.clickId, external_transaction_id: named === 'session' ? session.id : session.invoice });
        expect(reported.status).toBe(201);
        expect(reported.body.stripe).toEqual({ customer, subscription: session.subscription, invoice: session.invoice, checkout_session: session.id });
        const renewal = await deliver(
          'invoice.paid',
          paidInvoice({ customer, subscription: session.subscription as string, amountPaid: 2900 }),
          now() + 30 * DAY,
        );
        await system.attributionIdle();

        // As on the Stripe path: the session is the sale, its invoice is counted with it.
        expect(await outcomeOf(sessionEvent)).toMatchObject({ outcome: 'attributed', conversion_id: reported.body.id });
        expect(await outcomeOf(invoiceEvent)).toMatchObject({ outcome: 'already_counted', conversion_id: reported.body.id });
        expect(await outcomeOf(renewal)).toMatchObject({ outcome: 'attributed', detail: 'renewal of a customer bound to the partner' });
        expect(await conversionsOf(customer)).toHaveLength(2);
      }
    });
  });

  it('a Stripe event that loses its sale to a Conversion API report committing at the same moment reads that report and binds the customer', async () => {
    const customer = stripeId('cus');
    const session = completedCheckoutSession({ customer, clientReferenceId: a.clickId });
    // The report's insert is held open, as a concurrent Conversion API transaction's would be, while the
    // Stripe event's own insert of the same Checkout Session waits on the unique index behind it.
    // A writer that takes no sale lock: the unique index is the last guard, and the loser decides again.
    const db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
    const reportId = randomUUID();
    try {
      await db.query('BEGIN');
      await db.query(
        `INSERT INTO attribution.conversions (id, workspace_id, mode, partner_id, click_id, kind, status, amount_cents, currency, stripe_checkout_session_id,
           occurred_at, source, event_type, external_transaction_id)
         VALUES ($1, $2, 'test', $3, $4, 'initial', 'converted', 4900, 'usd', $5, now(), 'api', 'sale', $5)`,
        [reportId, system.workspaceId, a.partnerId, a.clickId, session.id],
      );
      const eventId = await deliver('checkout.session.completed', session);
      await waitForLockWait(db);
      await db.query('COMMIT');
      await system.attributionIdle();
      expect(await outcomeOf(eventId)).toMatchObject({ outcome: 'already_counted', conversion_id: reportId });
    } finally {
      await db.end();
    }
    const renewal = await deliver('invoice.paid', paidInvoice({ customer, subscription: session.subscription as string, amountPaid: 2900 }), now() + 30 * DAY);
    await system.attributionIdle();
    expect((await outcomeOf(renewal)).outcome).toBe('attributed');
  });

  describe('a repeat buyer bound to A pays a second Checkout Session, with an invoice, through B', () => {
    async function firstSaleThroughA(): Promise<string> {
      const customer = stripeId('cus');
      await deliver('checkout.session.completed', completedCheckoutSession({ customer, clientReferenceId: a.clickId }));
      await system.attributionIdle();
      return customer;
    }
    const secondSession = (customer: string) => {
      const session = completedCheckoutSession({ customer, clientReferenceId: b.clickId, mode: 'payment' });
      return { ...session, id: session.id as string, invoice: stripeId('in') };
    };
    const itsInvoice = (customer: string, id: string) => paidInvoice({ id, customer, subscription: null, billingReason: 'manual', amountPaid: 1500 });

    it.each(['checkout first', 'invoice first'])("is B's sale, %s", async (order) => {
      const customer = await firstSaleThroughA();
      const session = secondSession(customer);
      const events = [() => deliver('checkout.session.completed', session), () => deliver('invoice.paid', itsInvoice(customer, session.invoice))];
      for (const send of order === 'checkout first' ? events : events.reverse()) {
        await send();
        await system.attributionIdle();
      }
      const conversions = await conversionsOf(customer);
      expect(conversions).toHaveLength(2);
      expect(conversions[0]).toMatch(/^A initial converted stripe in_.* cs_/);
      expect(conversions[1]).toBe(`B initial converted stripe ${session.invoice} ${session.id}`);
    });

    describe('with a short wait for a sale of its own', () => {
      let main: { system: TestSystem; a: PartnerWithClick; b: PartnerWithClick };
      beforeAll(async () => {
        main = { system, a, b };
        system = await TestSystem.start({ env: { OWN_SALE_WAIT_SECONDS: '2', OWN_SALE_WAIT_SWEEP_INTERVAL_MS: '250' } });
        a = await partnerWithClick(system, system.keys.sk_test, system.keys.pk_test, 'Partner A');
        b = await partnerWithClick(system, system.keys.sk_test, system.keys.pk_test, 'Partner B');
      });
      afterAll(async () => {
        await system?.stop();
        ({ system, a, b } = main);
      });

      it("a one-off invoice that no Checkout Session claims becomes A's renewal once the wait is over", async () => {
        const customer = await firstSaleThroughA();
        const invoice = stripeId('in');
        const eventId = await deliver('invoice.paid', itsInvoice(customer, invoice));
        await system.attributionIdle();
        expect((await outcomeOf(eventId)).outcome).toBe('awaiting_sale');
        const deadline = Date.now() + 15_000;
        while ((await outcomeOf(eventId)).outcome !== 'attributed' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
        expect(await conversionsOf(customer)).toContain(`A renewal converted stripe ${invoice} -`);
      });
    });
  });

  it("a customer's one-off purchase through A, delivered before the subscription it bought through B: the subscription's renewals are B's", async () => {
    const customer = stripeId('cus');
    const subscription = stripeId('sub');
    const t0 = now();
    const oneOff = completedCheckoutSession({ customer, clientReferenceId: a.clickId, mode: 'payment', amountTotal: 1500 });
    const subscribed = completedCheckoutSession({ customer, subscription, clientReferenceId: b.clickId });
    const renewal = (n: number) =>
      paidInvoice({ customer, subscription, billingReason: 'subscription_cycle', amountPaid: 2900, id: `${subscription}_in_${n}` });
    // Stripe's order: the subscription (t0), the one-off purchase (a day later), renewals monthly. Delivered otherwise:
    await deliver('checkout.session.completed', oneOff, t0 + DAY);
    await system.attributionIdle();
    const early = await deliver('invoice.paid', renewal(1), t0 + 30 * DAY);
    await system.attributionIdle();
    expect((await outcomeOf(early)).outcome).toBe('awaiting_sale');
    await deliver('checkout.session.completed', subscribed, t0);
    await deliver('invoice.paid', renewal(2), t0 + 60 * DAY);
    await system.attributionIdle();

    expect(await conversionsOf(customer)).toEqual(
      [
        `A initial converted stripe - ${String(oneOff.id)}`,
        `B initial converted stripe ${String(subscribed.invoice)} ${String(subscribed.id)}`,
        `B renewal converted stripe ${subscription}_in_1 -`,
        `B renewal converted stripe ${subscription}_in_2 -`,
      ].sort(),
    );
  });

  describe('a sale counted by both paths before either knew of the other', () => {
    /** The session's first invoice, carrying its own click (of A) in its metadata. */
    const itsInvoiceWithAClickOfA = (session: Record<string, unknown>, customer: string) =>
      paidInvoice({
        id: session.invoice as string,
        customer,
        subscription: session.subscription as string,
        billingReason: 'subscription_create',
        metadata: { aff_click_id: a.clickId },
      });

    it('an invoice counted from its own click, then its Checkout Session, then a report of the session: one conversion, and a 409', async () => {
      const customer = stripeId('cus');
      const session = completedCheckoutSession({ customer, clientReferenceId: 'order-18' });
      await deliver('invoice.paid', itsInvoiceWithAClickOfA(session, customer));
      await deliver('checkout.session.completed', session);
      await system.attributionIdle();
      const reported = await report({ click_id: b.clickId, external_transaction_id: session.id });
      expect(reported.status).toBe(409);
      expect(await conversionsOf(customer)).toEqual([`A initial converted stripe ${String(session.invoice)} ${String(session.id)}`]);
    });

    it('a report of the session, then its invoice counted from its own click, then the session: the later is marked duplicate', async () => {
      const customer = stripeId('cus');
      const session = completedCheckoutSession({ customer, clientReferenceId: 'order-19' });
      const reported = await report({ click_id: b.clickId, external_transaction_id: session.id });
      expect(reported.status).toBe(201);
      await deliver('invoice.paid', itsInvoiceWithAClickOfA(session, customer));
      await system.attributionIdle();
      const sessionEvent = await deliver('checkout.session.completed', session);
      await system.attributionIdle();
      expect(await outcomeOf(sessionEvent)).toMatchObject({ outcome: 'already_counted', conversion_id: reported.body.id });
      const statuses = (await conversionsOf(customer)).map((c) => c.split(' ').slice(0, 3).join(' '));
      expect(statuses).toEqual(['A initial duplicate', 'B initial converted']);
      // The customer follows the conversion that stands.
      const renewal = await deliver(
        'invoice.paid',
        paidInvoice({ customer, subscription: session.subscription as string, amountPaid: 2900 }),
        now() + 30 * DAY,
      );
      await system.attributionIdle();
      expect(await outcomeOf(renewal)).toMatchObject({ outcome: 'attributed' });
      expect((await conversionsOf(customer)).filter((c) => c.startsWith('B renewal'))).toHaveLength(1);
    });

    it('a kept Checkout Session whose invoice was counted on its own: a report of the session is a 409, not a retry', async () => {
      const customer = stripeId('cus');
      const session = completedCheckoutSession({ customer, clientReferenceId: 'order-20' });
      await deliver('checkout.session.completed', session);
      await deliver('invoice.paid', itsInvoiceWithAClickOfA(session, customer));
      await system.attributionIdle();
      const reported = await report({ click_id: b.clickId, external_transaction_id: session.id });
      expect(reported.status).toBe(409);
      expect(reported.body.conversion).toMatchObject({ partner_id: a.partnerId, stripe: { invoice: session.invoice } });
    });
  });

  it("a Checkout naming an unknown UUID (the merchant's own order id) is decided in seconds while clicks keep arriving", async () => {
    const nats = system.tracking!.get(NatsClient);
    const json = JSONCodec();
    const click = () => ({
      click_id: randomUUID(),
      workspace_id: system.workspaceId,
      mode: 'test',
      partner_id: a.partnerId,
      referral_token: 'steady-traffic',
      clicked_at: new Date().toISOString(),
      expires_at: new Date(Date.now() + 60 * DAY * 1000).toISOString(),
    });
    let stop = false;
    // About 1,000 clicks a second straight into the clicks stream: attribution's copy is never idle.
    const traffic = (async () => {
      while (!stop) {
        await Promise.all(Array.from({ length: 20 }, () => nats.js.publish(nats.subject(Subjects.clickRecorded), json.encode(click()))));
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    try {
      await new Promise((r) => setTimeout(r, 1000));
      const started = Date.now();
      const eventId = await deliver('checkout.session.completed', completedCheckoutSession({ clientReferenceId: randomUUID() }));
      let outcome: string | undefined;
      while (Date.now() - started < 20_000 && (outcome = (await outcomeOf(eventId)).outcome) !== 'unknown_click') await new Promise((r) => setTimeout(r, 100));
      expect(outcome).toBe('unknown_click');
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      stop = true;
      await traffic;
    }
  }, 60_000);

  it('a Checkout naming an unknown UUID does not wait for a click stored after it that attribution cannot copy yet', async () => {
    const nats = system.tracking!.get(NatsClient);
    await system.stopAttribution();
    let eventId: string;
    try {
      eventId = await deliver('checkout.session.completed', completedCheckoutSession({ clientReferenceId: randomUUID() }));
      await new Promise((r) => setTimeout(r, 1_500));
      // Stored after the sale; its referral token holds a NUL PostgreSQL refuses, so attribution's copy of
      // the clicks fails on it and retries it, with backoff, for minutes: the clicks consumer is never idle.
      const stuck = {
        click_id: randomUUID(),
        workspace_id: system.workspaceId,
        mode: 'test',
        partner_id: a.partnerId,
        referral_token: 'stuck\u0000',
        clicked_at: new Date().toISOString(),
        expires_at: new Date(Date.now() + DAY * 1000).toISOString(),
      };
      await nats.js.publish(nats.subject(Subjects.clickRecorded), JSONCodec().encode(stuck));
    } finally {
      await system.startAttribution();
    }
    const started = Date.now();
    let outcome: string | undefined;
    while (Date.now() - started < 20_000 && (outcome = (await outcomeOf(eventId)).outcome) !== 'unknown_click') await new Promise((r) => setTimeout(r, 100));
    expect(outcome).toBe('unknown_click');
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 60_000);

  /** Until another session waits on this one's uncommitted insert. */
  async function waitForLockWait(db: Client): Promise<void> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE pg_backend_pid() = ANY (pg_blocking_pids(pid))`);
      if (rows[0].n > 0) return;
      if (Date.now() > deadline) throw new Error('the Stripe event never waited on the conversion being reported');
      await new Promise((r) => setTimeout(r, 20));
    }
  }
});
