import { ConversionEvent, Streams } from '@app/domain';
import { eventually, http } from './support/http';
import { partnerWithClick, PartnerWithClick } from './support/merchant-api';
import {
  completedCheckoutSession,
  dispute,
  FixtureVersion,
  invoicePayment,
  paidInvoice,
  refundedCharge,
  signStripeDelivery,
  stripeEvent,
  stripeId,
} from './support/stripe-events';
import { TestSystem } from './support/system';

/**
 * Issue 17, attribution's half: money coming back (refunds, disputes) reaches the conversion of its
 * sale in every payload shape and every order, is announced as `conversion.updated`, and a refund or
 * dispute of no attributed sale says so (`awaiting_sale_of_payment`, then `no_sale`). Against the
 * real services, PostgreSQL and NATS.
 */
describe('money coming back', () => {
  let system: TestSystem;
  let a: PartnerWithClick;
  /** Short, so a refund of no sale stops waiting within the test; long enough for the out-of-order cases below. */
  const WAIT_SECONDS = 12;

  beforeAll(async () => {
    system = await TestSystem.start({ env: { MONEY_BACK_WAIT_SECONDS: String(WAIT_SECONDS), MONEY_BACK_SWEEP_INTERVAL_MS: '200' } });
    a = await partnerWithClick(system, system.keys.sk_test, system.keys.pk_test, 'Partner A');
    await system.attributionIdle();
  });
  afterAll(() => system?.stop());

  type StripeEvent = ReturnType<typeof stripeEvent>;
  function event(type: string, object: Record<string, unknown>, version: FixtureVersion = 'head'): StripeEvent {
    return stripeEvent(type, object, { version });
  }
  async function send(e: StripeEvent): Promise<string> {
    const delivery = signStripeDelivery(e, system.webhookSecret);
    const posted = await http('POST', `${system.urls.ingest}/webhooks/stripe`, { body: delivery.body, headers: delivery.headers });
    expect(posted.status).toBe(200);
    return e.id;
  }
  const deliver = (type: string, object: Record<string, unknown>, version: FixtureVersion = 'head') => send(event(type, object, version));
  const outcomeOf = async (eventId: string) => (await http('GET', `${system.urls.attribution}/v1/stripe-events/${eventId}`, { key: system.keys.sk_test })).body;
  const conversion = async (id: string) => (await http('GET', `${system.urls.attribution}/v1/conversions/${id}`, { key: system.keys.sk_test })).body;
  /** The conversion an event was decided on, once attribution processed it. */
  async function conversionOf(eventId: string): Promise<Record<string, any>> {
    await system.attributionIdle();
    const outcome = await outcomeOf(eventId);
    expect(outcome.conversion_id).toEqual(expect.any(String));
    return conversion(outcome.conversion_id);
  }
  async function eventuallyOutcome(eventId: string, outcome: string): Promise<Record<string, any>> {
    return eventually(async () => {
      const record = await outcomeOf(eventId);
      return record.outcome === outcome ? record : undefined;
    }, `outcome ${outcome} of ${eventId}`);
  }

  /** A payment-mode Checkout Session credited to partner A, and its PaymentIntent. */
  function paymentCheckout(fields: Parameters<typeof completedCheckoutSession>[0] = {}) {
    const paymentIntent = stripeId('pi');
    const session = completedCheckoutSession({ mode: 'payment', clientReferenceId: a.clickId, paymentIntent, ...fields });
    return { session, paymentIntent };
  }

  describe('the commissionable amount, the buyer and the sale', () => {
    it('Checkout: amount_total minus its tax, and the buyer email trimmed and lower-cased', async () => {
      const { session } = paymentCheckout({ amountTotal: 12_000, amountTax: 2_000, customerEmail: '  Buyer@Example.COM ' });
      const sale = await conversionOf(await deliver('checkout.session.completed', session));
      expect(sale).toMatchObject({
        amount_cents: 12_000,
        commissionable_amount_cents: 10_000,
        customer_email: 'buyer@example.com',
        refunded_amount_cents: 0,
        dispute_status: null,
        initial_conversion_id: null,
        initial_occurred_at: null,
      });
    });

    it.each(['acacia', 'head'] as const)('Invoice (%s): total_excluding_tax', async (version) => {
      const invoice = paidInvoice({
        version,
        customer: stripeId('cus'),
        billingReason: 'subscription_create',
        amountPaid: 11_000,
        amountTax: 1_000,
        metadata: { aff_click_id: a.clickId },
      });
      const sale = await conversionOf(await deliver('invoice.paid', invoice, version));
      expect(sale).toMatchObject({ amount_cents: 11_000, commissionable_amount_cents: 10_000, customer_email: null });
    });

    it('a renewal names its initial sale: the conversion of the binding it is credited through', async () => {
      const customer = stripeId('cus');
      const subscription = stripeId('sub');
      const session = completedCheckoutSession({ clientReferenceId: a.clickId, customer, subscription });
      const initial = await conversionOf(await deliver('checkout.session.completed', session));
      const renewal = await conversionOf(await deliver('invoice.paid', paidInvoice({ customer, subscription, amountPaid: 2900, amountTax: 400 })));
      expect(renewal).toMatchObject({
        kind: 'renewal',
        commissionable_amount_cents: 2500,
        initial_conversion_id: initial.id,
        initial_occurred_at: initial.occurred_at,
      });
    });
  });

  describe('a refund reaches its sale in every payload shape', () => {
    it('Checkout in payment mode: the Charge names the session’s PaymentIntent; announced as conversion.updated on NATS', async () => {
      const { session, paymentIntent } = paymentCheckout({ amountTotal: 4900 });
      const sale = await conversionOf(await deliver('checkout.session.completed', session));
      const refund = await deliver('charge.refunded', refundedCharge('head', { payment_intent: paymentIntent, amount_refunded: 1500 }));
      await system.attributionIdle();
      expect(await outcomeOf(refund)).toMatchObject({ outcome: 'refund_applied', conversion_id: sale.id });
      expect(await conversion(sale.id)).toMatchObject({ refunded_amount_cents: 1500, commissionable_amount_cents: 4900, dispute_status: null });

      const updates = await eventually(async () => {
        const all = await system.streamContents<ConversionEvent>(Streams.conversions.name);
        const mine = all.filter((m) => m.data.conversion.id === sale.id && m.subject === 'conversion.updated');
        return mine.length > 0 ? mine : undefined;
      }, 'the conversion.updated event');
      expect(updates).toHaveLength(1);
      expect(updates[0].data).toMatchObject({
        type: 'conversion.updated',
        api_version: 'v1',
        workspace_id: system.workspaceId,
        conversion: { id: sale.id, refunded_amount_cents: 1500, commissionable_amount_cents: 4900, dispute_status: null, customer_email: null },
      });
    });

    it('pre-basil invoice: the Charge names its invoice; a dispute (naming only the charge) finds it through the invoice’s charge', async () => {
      const paymentIntent = stripeId('pi');
      const charge = stripeId('ch');
      const invoice = paidInvoice({
        version: 'acacia',
        customer: stripeId('cus'),
        billingReason: 'subscription_create',
        metadata: { aff_click_id: a.clickId },
        paymentIntent,
        charge,
      });
      const sale = await conversionOf(await deliver('invoice.paid', invoice, 'acacia'));
      const refund = await deliver('charge.refunded', refundedCharge('acacia', { id: charge, invoice: invoice.id, amount_refunded: 900 }), 'acacia');
      await system.attributionIdle();
      expect(await outcomeOf(refund)).toMatchObject({ outcome: 'refund_applied', conversion_id: sale.id });
      const opened = await deliver('charge.dispute.created', dispute({ charge, payment_intent: null, status: 'needs_response' }), 'acacia');
      await system.attributionIdle();
      expect(await outcomeOf(opened)).toMatchObject({ outcome: 'refund_applied', conversion_id: sale.id });
      expect(await conversion(sale.id)).toMatchObject({ refunded_amount_cents: 900, dispute_status: 'open' });
    });

    it('pre-basil invoice: a refund naming only the PaymentIntent finds it through the invoice’s payment_intent', async () => {
      const paymentIntent = stripeId('pi');
      const invoice = paidInvoice({
        version: 'acacia',
        customer: stripeId('cus'),
        billingReason: 'subscription_create',
        metadata: { aff_click_id: a.clickId },
        paymentIntent,
      });
      const sale = await conversionOf(await deliver('invoice.paid', invoice, 'acacia'));
      const refund = await deliver(
        'charge.refunded',
        refundedCharge('basil', { payment_intent: paymentIntent, amount_refunded: 4900, refunded: true }),
        'basil',
      );
      await system.attributionIdle();
      expect(await outcomeOf(refund)).toMatchObject({ outcome: 'refund_applied', conversion_id: sale.id });
      expect((await conversion(sale.id)).refunded_amount_cents).toBe(4900);
    });

    it('basil invoice: linked to its PaymentIntent by invoice_payment.paid', async () => {
      const paymentIntent = stripeId('pi');
      const invoice = paidInvoice({ version: 'basil', customer: stripeId('cus'), billingReason: 'subscription_create', metadata: { aff_click_id: a.clickId } });
      const sale = await conversionOf(await deliver('invoice.paid', invoice, 'basil'));
      const link = await deliver('invoice_payment.paid', invoicePayment(invoice.id as string, paymentIntent), 'basil');
      await system.attributionIdle();
      expect(await outcomeOf(link)).toMatchObject({ outcome: 'already_counted', conversion_id: sale.id });
      const refund = await deliver('charge.refunded', refundedCharge('basil', { payment_intent: paymentIntent, amount_refunded: 2000 }), 'basil');
      await system.attributionIdle();
      expect(await outcomeOf(refund)).toMatchObject({ outcome: 'refund_applied', conversion_id: sale.id });
      expect((await conversion(sale.id)).refunded_amount_cents).toBe(2000);
    });

    it("a renewal's refund applies to the renewal, not to the initial sale", async () => {
      const customer = stripeId('cus');
      const subscription = stripeId('sub');
      const initial = await conversionOf(
        await deliver('checkout.session.completed', completedCheckoutSession({ clientReferenceId: a.clickId, customer, subscription })),
      );
      const invoice = paidInvoice({ customer, subscription, amountPaid: 2900 });
      const renewal = await conversionOf(await deliver('invoice.paid', invoice));
      const paymentIntent = stripeId('pi');
      await deliver('invoice_payment.paid', invoicePayment(invoice.id as string, paymentIntent));
      const refund = await deliver('charge.refunded', refundedCharge('head', { payment_intent: paymentIntent, amount: 2900, amount_refunded: 2900 }));
      await system.attributionIdle();
      expect(await outcomeOf(refund)).toMatchObject({ outcome: 'refund_applied', conversion_id: renewal.id });
      expect((await conversion(renewal.id)).refunded_amount_cents).toBe(2900);
      expect((await conversion(initial.id)).refunded_amount_cents).toBe(0);
    });
  });

  it('a sale counted twice (a Conversion API report of the session, then the invoice): the refund applies to the conversion that stands', async () => {
    const paymentIntent = stripeId('pi');
    const invoice = paidInvoice({ customer: stripeId('cus'), subscription: null, billingReason: 'manual', metadata: { aff_click_id: a.clickId } });
    const standing = await conversionOf(await deliver('invoice.paid', invoice));
    const session: Record<string, unknown> = { ...paymentCheckout({ paymentIntent }).session, invoice: invoice.id };
    const reported = await http('POST', `${system.urls.ingest}/api/v1/conversions`, {
      key: system.keys.sk_test,
      json: { click_id: a.clickId, external_transaction_id: session.id as string, event_type: 'sale', amount_cents: 4900, currency: 'usd' },
    });
    expect(reported.status).toBe(201);
    // The session's event finds both conversions of one sale: the later is marked duplicate.
    await deliver('checkout.session.completed', session);
    await system.attributionIdle();
    expect((await conversion(reported.body.id)).status).toBe('duplicate');

    // The refund names the PaymentIntent, which the session (the duplicate's) names.
    const refund = await deliver('charge.refunded', refundedCharge('head', { payment_intent: paymentIntent, amount_refunded: 4900, refunded: true }));
    await system.attributionIdle();
    expect(await outcomeOf(refund)).toMatchObject({ outcome: 'refund_applied', conversion_id: standing.id });
    expect((await conversion(standing.id)).refunded_amount_cents).toBe(4900);
    expect((await conversion(reported.body.id)).refunded_amount_cents).toBe(0);
  });

  describe('partial and full refunds, disputes', () => {
    it('two partial refunds with redeliveries, the older delivered last, then a full refund: the total only grows', async () => {
      const { session, paymentIntent } = paymentCheckout({ amountTotal: 4900 });
      const sale = await conversionOf(await deliver('checkout.session.completed', session));
      const charge = stripeId('ch');
      const first = event('charge.refunded', refundedCharge('head', { id: charge, payment_intent: paymentIntent, amount_refunded: 1000 }));
      const second = event('charge.refunded', refundedCharge('head', { id: charge, payment_intent: paymentIntent, amount_refunded: 2500 }));
      await send(second);
      await system.attributionIdle();
      await send(second);
      await send(first); // the older one, after the newer
      await send(first);
      await system.attributionIdle();
      expect(await conversion(sale.id)).toMatchObject({ refunded_amount_cents: 2500 });
      expect(await outcomeOf(first.id)).toMatchObject({ outcome: 'refund_applied', conversion_id: sale.id });

      const full = await deliver(
        'charge.refunded',
        refundedCharge('head', { id: charge, payment_intent: paymentIntent, amount_refunded: 4900, refunded: true }),
      );
      await system.attributionIdle();
      expect(await outcomeOf(full)).toMatchObject({ outcome: 'refund_applied' });
      expect((await conversion(sale.id)).refunded_amount_cents).toBe(4900);

      // Each change announced once: 2500, then 4900; the redeliveries and the older refund announced nothing.
      const updates = await eventually(async () => {
        const all = await system.streamContents<ConversionEvent>(Streams.conversions.name);
        const mine = all.filter((m) => m.data.conversion.id === sale.id && m.subject === 'conversion.updated');
        return mine.length >= 2 ? mine : undefined;
      }, 'two conversion.updated events');
      expect(updates.map((u) => u.data.conversion.refunded_amount_cents)).toEqual([2500, 4900]);
    });

    it('a dispute created then won; another lost, and a late "created" never reopens it', async () => {
      const won = paymentCheckout();
      const wonSale = await conversionOf(await deliver('checkout.session.completed', won.session));
      const wonCharge = stripeId('ch');
      await deliver('charge.dispute.created', dispute({ charge: wonCharge, payment_intent: won.paymentIntent, status: 'warning_needs_response' }));
      await system.attributionIdle();
      expect((await conversion(wonSale.id)).dispute_status).toBe('open');
      await deliver('charge.dispute.updated', dispute({ charge: wonCharge, payment_intent: won.paymentIntent, status: 'under_review' }));
      const closed = await deliver('charge.dispute.closed', dispute({ charge: wonCharge, payment_intent: won.paymentIntent, status: 'won' }));
      await system.attributionIdle();
      expect(await outcomeOf(closed)).toMatchObject({ outcome: 'refund_applied', conversion_id: wonSale.id });
      expect((await conversion(wonSale.id)).dispute_status).toBe('won');

      const lost = paymentCheckout();
      const lostSale = await conversionOf(await deliver('checkout.session.completed', lost.session));
      const lostCharge = stripeId('ch');
      await deliver('charge.dispute.closed', dispute({ charge: lostCharge, payment_intent: lost.paymentIntent, status: 'lost' }));
      await system.attributionIdle();
      await deliver('charge.dispute.created', dispute({ charge: lostCharge, payment_intent: lost.paymentIntent, status: 'needs_response' }));
      await system.attributionIdle();
      expect(await conversion(lostSale.id)).toMatchObject({ dispute_status: 'lost', refunded_amount_cents: 0 });
    });
  });

  describe('money that comes before its sale', () => {
    it('a refund delivered before its Checkout Session is kept, then applied: the same result as the other order', async () => {
      const { session, paymentIntent } = paymentCheckout({ amountTotal: 4900 });
      const refund = await deliver('charge.refunded', refundedCharge('head', { payment_intent: paymentIntent, amount_refunded: 700 }));
      await system.attributionIdle();
      expect(await outcomeOf(refund)).toMatchObject({ outcome: 'awaiting_sale_of_payment', conversion_id: null });

      const sale = await conversionOf(await deliver('checkout.session.completed', session));
      const applied = await eventuallyOutcome(refund, 'refund_applied');
      expect(applied.conversion_id).toBe(sale.id);
      expect((await conversion(sale.id)).refunded_amount_cents).toBe(700);
    });

    it('a refund and a dispute before their invoice_payment link, and the link before its invoice', async () => {
      const paymentIntent = stripeId('pi');
      const invoice = paidInvoice({ customer: stripeId('cus'), billingReason: 'subscription_create', metadata: { aff_click_id: a.clickId } });
      const refund = await deliver('charge.refunded', refundedCharge('head', { payment_intent: paymentIntent, amount_refunded: 1200 }));
      const opened = await deliver('charge.dispute.created', dispute({ charge: stripeId('ch'), payment_intent: paymentIntent, status: 'needs_response' }));
      const link = await deliver('invoice_payment.paid', invoicePayment(invoice.id as string, paymentIntent));
      await system.attributionIdle();
      for (const id of [refund, opened, link]) expect((await outcomeOf(id)).outcome).toBe('awaiting_sale_of_payment');

      const sale = await conversionOf(await deliver('invoice.paid', invoice));
      expect((await eventuallyOutcome(refund, 'refund_applied')).conversion_id).toBe(sale.id);
      expect((await eventuallyOutcome(opened, 'refund_applied')).conversion_id).toBe(sale.id);
      expect((await eventuallyOutcome(link, 'already_counted')).conversion_id).toBe(sale.id);
      expect(await conversion(sale.id)).toMatchObject({ refunded_amount_cents: 1200, dispute_status: 'open' });
    });

    it('a refund of no attributed sale waits, then is recorded no_sale', async () => {
      const refund = await deliver('charge.refunded', refundedCharge('head', { payment_intent: stripeId('pi'), amount_refunded: 100 }));
      await system.attributionIdle();
      expect(await outcomeOf(refund)).toMatchObject({ outcome: 'awaiting_sale_of_payment', conversion_id: null });
      const closed = await eventually(
        async () => {
          const record = await outcomeOf(refund);
          return record.outcome === 'no_sale' ? record : undefined;
        },
        'the no_sale outcome',
        (WAIT_SECONDS + 20) * 1000,
      );
      expect(closed).toMatchObject({ outcome: 'no_sale', conversion_id: null, detail: expect.stringContaining('no attributed sale') });
    }, 60_000);
  });

  describe('POST /api/v1/conversions/refunds (Conversion API)', () => {
    const refund = (json: unknown, key = system.keys.sk_test) => http('POST', `${system.urls.ingest}/api/v1/conversions/refunds`, { key, json });

    it('applies the cumulative total, idempotently, and refuses what it cannot apply with a clear 4xx', async () => {
      const externalId = `order-${stripeId('x')}`;
      const reported = await http('POST', `${system.urls.ingest}/api/v1/conversions`, {
        key: system.keys.sk_test,
        json: { click_id: a.clickId, external_transaction_id: externalId, event_type: 'sale', amount_cents: 5000, currency: 'eur' },
      });
      expect(reported.status).toBe(201);
      expect(reported.body).toMatchObject({ commissionable_amount_cents: 5000, refunded_amount_cents: 0 });

      const first = await refund({ external_transaction_id: externalId, amount_refunded_cents: 2000 });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ id: reported.body.id, refunded_amount_cents: 2000, amount_cents: 5000 });
      const again = await refund({ external_transaction_id: externalId, amount_refunded_cents: 2000 });
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ id: reported.body.id, refunded_amount_cents: 2000 });

      const lower = await refund({ external_transaction_id: externalId, amount_refunded_cents: 1000 });
      expect(lower.status).toBe(409);
      expect(lower.body).toMatchObject({ code: 'refund_below_recorded', conversion: { id: reported.body.id, refunded_amount_cents: 2000 } });
      const above = await refund({ external_transaction_id: externalId, amount_refunded_cents: 5001 });
      expect(above.status).toBe(422);
      expect(above.body.code).toBe('refund_above_sale');
      const unknown = await refund({ external_transaction_id: 'order-never-reported', amount_refunded_cents: 1 });
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe('unknown_transaction');
      // Another mode's key does not see this mode's sale.
      expect((await refund({ external_transaction_id: externalId, amount_refunded_cents: 1 }, system.keys.sk_live)).status).toBe(404);

      for (const bad of [
        {},
        { external_transaction_id: externalId },
        { external_transaction_id: externalId, amount_refunded_cents: -1 },
        { external_transaction_id: externalId, amount_refunded_cents: 1.5 },
        { external_transaction_id: externalId, amount_refunded_cents: '100' },
        { external_transaction_id: '', amount_refunded_cents: 100 },
        { external_transaction_id: externalId, amount_refunded_cents: 100, extra: true },
      ]) {
        const answer = await refund(bad);
        expect({ bad, status: answer.status }).toEqual({ bad, status: 400 });
      }
      expect(
        (await http('POST', `${system.urls.ingest}/api/v1/conversions/refunds`, { json: { external_transaction_id: externalId, amount_refunded_cents: 1 } }))
          .status,
      ).toBe(401);

      const full = await refund({ external_transaction_id: externalId, amount_refunded_cents: 5000 });
      expect(full.status).toBe(200);
      expect(full.body.refunded_amount_cents).toBe(5000);

      // Each change announced once, as conversion.updated: 2000, then 5000.
      const updates = await eventually(async () => {
        const all = await system.streamContents<ConversionEvent>(Streams.conversions.name);
        const mine = all.filter((m) => m.data.conversion.id === reported.body.id && m.subject === 'conversion.updated');
        return mine.length >= 2 ? mine : undefined;
      }, 'two conversion.updated events');
      expect(updates.map((u) => u.data.conversion.refunded_amount_cents)).toEqual([2000, 5000]);
    });
  });
});
