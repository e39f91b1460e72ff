import { Clock } from '../apps/commissions/src/clock';
import { ApproveDueCommissionsUseCase } from '../apps/commissions/src/usecases/approve-due-commissions/approve-due-commissions.usecase';
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

const DAY_MS = 86_400_000;
type Json = Record<string, any>;

/**
 * Issue 17 end to end: Stripe events built from the official fixtures and signed with the `stripe`
 * package go through the gateway and attribution, and the commissions service turns the conversions
 * into what each partner is owed, through holds, payouts, refunds (every payload shape, any order,
 * redelivered) and disputes. All four services against the real PostgreSQL and NATS; time is moved
 * with the commissions service's clock.
 */
describe('commissions from Stripe events', () => {
  let system: TestSystem;
  let sk: string;
  let a: PartnerWithClick;

  beforeAll(async () => {
    system = await TestSystem.start({
      services: ['tracking', 'webhook-ingest', 'attribution', 'commissions'],
      env: { MONEY_BACK_SWEEP_INTERVAL_MS: '200' },
    });
    sk = system.keys.sk_test;
    a = await partnerWithClick(system, sk, system.keys.pk_test, 'Ada Partner');
    const edited = await http('PATCH', `${system.urls.tracking}/v1/partners/${a.partnerId}`, { key: sk, json: { email: 'ada@partners.example' } });
    expect(edited.status).toBe(200);
    const plan = await commissions('POST', '/v1/plans', { rate: { type: 'percentage', rate_bps: 1000 }, hold_days: 30 });
    expect(plan.status).toBe(201);
    await system.attributionIdle();
  });
  afterAll(() => system?.stop());

  const commissions = (method: string, path: string, json?: unknown, headers?: Record<string, string>) =>
    http(method, `${system.urls.commissions}${path}`, { key: sk, json, headers });

  /** Delivers a signed event as Stripe does; the same event object again is a redelivery (same event id). */
  async function deliver(e: ReturnType<typeof stripeEvent>): Promise<string> {
    const delivery = signStripeDelivery(e, system.webhookSecret);
    const posted = await http('POST', `${system.urls.ingest}/webhooks/stripe`, { body: delivery.body, headers: delivery.headers });
    expect(posted.status).toBe(200);
    return e.id;
  }
  const send = (type: string, object: Json, version: FixtureVersion = 'head') => deliver(stripeEvent(type, object, { version }));

  async function conversionOf(eventId: string): Promise<Json> {
    await system.attributionIdle();
    const outcome = (await http('GET', `${system.urls.attribution}/v1/stripe-events/${eventId}`, { key: sk })).body;
    expect(outcome.conversion_id).toEqual(expect.any(String));
    return (await http('GET', `${system.urls.attribution}/v1/conversions/${outcome.conversion_id}`, { key: sk })).body;
  }

  /** The conversion's commission once it satisfies `check`. */
  function commission(conversionId: string, check: (c: Json) => boolean, what: string): Promise<Json> {
    return eventually(async () => {
      await system.commissionsIdle();
      const list = await commissions('GET', `/v1/commissions?partner_id=${a.partnerId}&limit=100`);
      const found = (list.body.data as Json[]).find((c) => c.conversion_id === conversionId);
      return found && check(found) ? found : undefined;
    }, what);
  }

  async function sweep(days: number): Promise<void> {
    system.commissions!.get(Clock).advance(days * DAY_MS);
    await system.commissions!.get(ApproveDueCommissionsUseCase).execute();
  }

  /** A paid payment-mode Checkout Session credited to partner A, and its PaymentIntent. */
  async function paymentSale(amountTotal: number, amountTax = 0, paymentIntent = stripeId('pi')) {
    const session = completedCheckoutSession({ mode: 'payment', clientReferenceId: a.clickId, amountTotal, amountTax, paymentIntent });
    const sale = await conversionOf(await send('checkout.session.completed', session));
    return { sale, paymentIntent };
  }

  it('takes a sale through its hold, a payout and a refund after payment, netted from the next payout', async () => {
    const { sale, paymentIntent } = await paymentSale(12_000, 2_000);
    expect(sale).toMatchObject({ partner_id: a.partnerId, amount_cents: 12_000, commissionable_amount_cents: 10_000 });
    const pending = await commission(sale.id, (c) => c.status === 'pending', 'the pending commission');
    expect(pending).toMatchObject({ amount_cents: 1000, currency: 'usd', partner_id: a.partnerId });

    await sweep(29);
    await commission(sale.id, (c) => c.status === 'pending', 'still pending within its hold');
    await sweep(2);
    await commission(sale.id, (c) => c.status === 'approved', 'approved once the hold ended');

    const key = { 'idempotency-key': `first-${sale.id}` };
    const drafted = await commissions('POST', '/v1/payouts', { currency: 'usd', partner_ids: [a.partnerId] }, key);
    expect(drafted.status).toBe(201);
    expect(drafted.body.payouts).toEqual([expect.objectContaining({ amount_cents: 1000, line_count: 1, status: 'draft' })]);
    expect((await commissions('POST', '/v1/payouts', { currency: 'usd', partner_ids: [a.partnerId] }, key)).body).toEqual(drafted.body);
    const csv = await commissions('GET', `/v1/payout-batches/${drafted.body.id}/csv`);
    expect(csv.body).toContain('Ada Partner,ada@partners.example,10.00,1000,USD');
    const payout = drafted.body.payouts[0];
    expect((await commissions('POST', `/v1/payouts/${payout.id}/mark-paid`, { reference: 'bank-2026-11' })).body).toMatchObject({ status: 'paid' });
    await commission(sale.id, (c) => c.status === 'paid', 'the paid commission');

    // Fully refunded after it was paid: the commission stays paid, and what it paid is owed back.
    await send('charge.refunded', refundedCharge('head', { payment_intent: paymentIntent, amount: 12_000, amount_refunded: 12_000, refunded: true }));
    const owed = await commission(sale.id, (c) => c.adjustments_cents === -1000, 'the negative adjustment');
    expect(owed).toMatchObject({ status: 'paid', amount_cents: 1000, net_amount_cents: 0 });

    const next = await paymentSale(20_000);
    const nextCommission = await commission(next.sale.id, (c) => c.status === 'pending', 'the next commission');
    expect((await commissions('POST', `/v1/commissions/${nextCommission.id}/approve`)).body).toMatchObject({ status: 'approved', amount_cents: 2000 });
    const second = await commissions('POST', '/v1/payouts', { currency: 'usd', partner_ids: [a.partnerId] }, { 'idempotency-key': `next-${sale.id}` });
    expect(second.body.payouts).toEqual([expect.objectContaining({ amount_cents: 1000, line_count: 2 })]);
    const lines = (await commissions('GET', `/v1/payouts/${second.body.payouts[0].id}`)).body.lines as Json[];
    expect(lines.map((l) => [l.type, l.amount_cents])).toEqual([
      ['commission', 2000],
      ['adjustment', -1000],
    ]);
    expect((await commissions('POST', `/v1/payouts/${second.body.payouts[0].id}/cancel`)).body.status).toBe('cancelled');
  });

  it('lowers a commission in proportion to two partial refunds, whatever their order and redeliveries', async () => {
    const { sale, paymentIntent } = await paymentSale(10_000);
    const charge = stripeId('ch');
    const first = stripeEvent('charge.refunded', refundedCharge('head', { id: charge, payment_intent: paymentIntent, amount: 10_000, amount_refunded: 2000 }));
    const second = stripeEvent('charge.refunded', refundedCharge('head', { id: charge, payment_intent: paymentIntent, amount: 10_000, amount_refunded: 5000 }));
    for (const e of [second, first, second, first]) await deliver(e);
    await system.attributionIdle();
    const c = await commission(sale.id, (x) => x.amount_cents === 500, 'the commission on half the sale');
    expect(c).toMatchObject({ status: 'pending', adjustments_cents: 0 });
    expect(
      (await commissions('GET', `/v1/commissions?partner_id=${a.partnerId}&limit=100`)).body.data.filter((x: Json) => x.conversion_id === sale.id),
    ).toHaveLength(1);
  });

  it('holds a commission while its dispute is open: won returns it, lost reverses it', async () => {
    const won = await paymentSale(10_000);
    await commission(won.sale.id, (c) => c.status === 'pending', 'pending');
    const charge = stripeId('ch');
    await send('charge.dispute.created', dispute({ charge, payment_intent: won.paymentIntent, status: 'needs_response', amount: 10_000 }));
    await commission(won.sale.id, (c) => c.status === 'on_hold', 'on hold while disputed');
    await send('charge.dispute.closed', dispute({ charge, payment_intent: won.paymentIntent, status: 'won', amount: 10_000 }));
    await commission(won.sale.id, (c) => c.status === 'pending' && c.amount_cents === 1000, 'back to pending once won');

    const lost = await paymentSale(10_000);
    await commission(lost.sale.id, (c) => c.status === 'pending', 'pending');
    const lostCharge = stripeId('ch');
    await send('charge.dispute.created', dispute({ charge: lostCharge, payment_intent: lost.paymentIntent, status: 'needs_response', amount: 10_000 }));
    await send('charge.dispute.closed', dispute({ charge: lostCharge, payment_intent: lost.paymentIntent, status: 'lost', amount: 10_000 }));
    const reversed = await commission(lost.sale.id, (c) => c.status === 'reversed', 'reversed once lost');
    expect(reversed).toMatchObject({ reversal_reason: 'dispute_lost', amount_cents: 0 });
  });

  it('maps a refund to its sale in each shape: a pre-basil invoice by its charge, a basil invoice through invoice_payment.paid', async () => {
    const paymentIntent = stripeId('pi');
    const charge = stripeId('ch');
    const acacia = paidInvoice({
      version: 'acacia',
      customer: stripeId('cus'),
      billingReason: 'subscription_create',
      amountPaid: 10_000,
      metadata: { aff_click_id: a.clickId },
      paymentIntent,
      charge,
    });
    const before = await conversionOf(await send('invoice.paid', acacia, 'acacia'));
    await commission(before.id, (c) => c.amount_cents === 1000, 'the pre-basil sale’s commission');
    await send(
      'charge.refunded',
      refundedCharge('acacia', { id: charge, payment_intent: paymentIntent, invoice: acacia.id, amount: 10_000, amount_refunded: 10_000 }),
      'acacia',
    );
    await commission(before.id, (c) => c.status === 'reversed' && c.reversal_reason === 'refunded', 'reversed by the full refund');

    const basil = paidInvoice({ customer: stripeId('cus'), billingReason: 'subscription_create', amountPaid: 10_000, metadata: { aff_click_id: a.clickId } });
    const after = await conversionOf(await send('invoice.paid', basil));
    const basilIntent = stripeId('pi');
    await send('invoice_payment.paid', invoicePayment(basil.id as string, basilIntent, 10_000));
    await send('charge.refunded', refundedCharge('head', { payment_intent: basilIntent, amount: 10_000, amount_refunded: 2500 }));
    await commission(after.id, (c) => c.amount_cents === 750 && c.status === 'pending', 'the basil sale’s commission on what was kept');
  });

  it('applies a refund delivered before its sale once the sale arrives', async () => {
    const paymentIntent = stripeId('pi');
    const early = await send('charge.refunded', refundedCharge('head', { payment_intent: paymentIntent, amount: 10_000, amount_refunded: 4000 }));
    await system.attributionIdle();
    const kept = await http('GET', `${system.urls.attribution}/v1/stripe-events/${early}`, { key: sk });
    expect(kept.body.outcome).toBe('awaiting_sale_of_payment');
    const { sale } = await paymentSale(10_000, 0, paymentIntent);
    await commission(sale.id, (c) => c.amount_cents === 600, 'the commission on what the buyer kept');
    const applied = await http('GET', `${system.urls.attribution}/v1/stripe-events/${early}`, { key: sk });
    expect(applied.body).toMatchObject({ outcome: 'refund_applied', conversion_id: sale.id });
  });
});
