import { randomBytes, randomUUID } from 'node:crypto';
import { http } from './support/http';
import { partnerWithClick, promoCodeOf } from './support/merchant-api';
import { completedCheckoutSession, FixtureVersion, paidInvoice, signStripeDelivery, stripeEvent, stripeId } from './support/stripe-events';
import { TestSystem } from './support/system';

/**
 * One row per attribution rule of PRODUCT.md and the seed: each a sequence of signed Stripe events
 * posted to the running gateway, one after the other, then the conversions of the scenario's two
 * partners and the recorded outcome of every event compared with what the rule says.
 */

type PartnerName = 'A' | 'B';

interface World {
  partner: Record<PartnerName, string>;
  /** A fresh click of each partner. */
  click: Record<PartnerName, string>;
  /** A promo code of partner B. */
  promoB: string;
  customer: string;
  subscription: string;
  firstInvoice: string;
  /** Seconds: the moment of the sale; renewals come later. */
  now: number;
}

interface Step {
  type: string;
  object: Record<string, unknown>;
  version?: FixtureVersion;
  created?: number;
  /** The outcome the attribution ledger records for this event. */
  outcome: string;
}

interface ExpectedConversion {
  partner: PartnerName;
  kind: 'initial' | 'renewal';
  status: 'pending' | 'converted' | 'expired' | 'duplicate';
  amount?: number;
  clickOf?: PartnerName | null;
  promo?: boolean;
}

interface Scenario {
  rule: string;
  steps: (w: World) => Step[];
  expected: ExpectedConversion[];
}

const DAY = 86_400;
const checkout = (w: World, o: Parameters<typeof completedCheckoutSession>[0] = {}) =>
  completedCheckoutSession({ customer: w.customer, subscription: w.subscription, invoice: w.firstInvoice, ...o });
const firstInvoice = (w: World, o: Partial<Parameters<typeof paidInvoice>[0]> = {}) =>
  paidInvoice({ id: w.firstInvoice, customer: w.customer, subscription: w.subscription, billingReason: 'subscription_create', ...o });
const renewal = (w: World, o: Partial<Parameters<typeof paidInvoice>[0]> = {}) =>
  paidInvoice({ customer: w.customer, subscription: w.subscription, billingReason: 'subscription_cycle', amountPaid: 2900, ...o });

const scenarios: Scenario[] = [
  // checkout.session.completed: the seed's precedence
  {
    rule: 'client_reference_id, a valid UUID, names the click',
    steps: (w) => [{ type: 'checkout.session.completed', object: checkout(w, { clientReferenceId: w.click.A }), outcome: 'attributed' }],
    expected: [{ partner: 'A', kind: 'initial', status: 'converted', amount: 4900, clickOf: 'A' }],
  },
  {
    rule: 'an upper-case UUID is a UUID',
    steps: (w) => [{ type: 'checkout.session.completed', object: checkout(w, { clientReferenceId: w.click.A.toUpperCase() }), outcome: 'attributed' }],
    expected: [{ partner: 'A', kind: 'initial', status: 'converted', clickOf: 'A' }],
  },
  {
    rule: 'both present: client_reference_id wins over metadata.aff_click_id',
    steps: (w) => [
      {
        type: 'checkout.session.completed',
        object: checkout(w, { clientReferenceId: w.click.A, metadata: { aff_click_id: w.click.B } }),
        outcome: 'attributed',
      },
    ],
    expected: [{ partner: 'A', kind: 'initial', status: 'converted', clickOf: 'A' }],
  },
  {
    rule: "a UUID client_reference_id naming no click (the merchant's order id) does not block metadata.aff_click_id",
    steps: (w) => [
      {
        type: 'checkout.session.completed',
        object: checkout(w, { clientReferenceId: randomUUID(), metadata: { aff_click_id: w.click.B } }),
        outcome: 'attributed',
      },
    ],
    expected: [{ partner: 'B', kind: 'initial', status: 'converted', clickOf: 'B' }],
  },
  {
    rule: "a non-UUID client_reference_id is the merchant's own reference: metadata is read",
    steps: (w) => [
      {
        type: 'checkout.session.completed',
        object: checkout(w, { clientReferenceId: 'my_internal_ref_123', metadata: { aff_click_id: w.click.A } }),
        version: 'acacia',
        outcome: 'attributed',
      },
    ],
    expected: [{ partner: 'A', kind: 'initial', status: 'converted', clickOf: 'A' }],
  },
  {
    rule: 'empty strings are no signal',
    steps: (w) => [
      { type: 'checkout.session.completed', object: checkout(w, { clientReferenceId: '', metadata: { aff_click_id: '' } }), outcome: 'no_signal' },
    ],
    expected: [],
  },
  {
    rule: 'a click id that names no click is recorded as unknown',
    steps: (w) => [{ type: 'checkout.session.completed', object: checkout(w, { metadata: { aff_click_id: randomUUID() } }), outcome: 'unknown_click' }],
    expected: [],
  },
  {
    rule: 'mode setup is never a sale',
    steps: (w) => [{ type: 'checkout.session.completed', object: checkout(w, { mode: 'setup', clientReferenceId: w.click.A }), outcome: 'not_a_sale' }],
    expected: [],
  },
  // delayed payment methods
  {
    rule: 'payment_status unpaid is pending until async_payment_succeeded',
    steps: (w) => {
      const session = checkout(w, { clientReferenceId: w.click.A, paymentStatus: 'unpaid' });
      return [
        { type: 'checkout.session.completed', object: session, outcome: 'awaiting_payment' },
        { type: 'checkout.session.async_payment_succeeded', object: { ...session, payment_status: 'paid' }, outcome: 'attributed' },
      ];
    },
    expected: [{ partner: 'A', kind: 'initial', status: 'converted', clickOf: 'A' }],
  },
  {
    rule: 'a failed delayed payment rejects the pending conversion',
    steps: (w) => {
      const session = checkout(w, { clientReferenceId: w.click.A, paymentStatus: 'unpaid' });
      return [
        { type: 'checkout.session.completed', object: session, outcome: 'awaiting_payment' },
        { type: 'checkout.session.async_payment_failed', object: session, outcome: 'payment_failed' },
      ];
    },
    expected: [{ partner: 'A', kind: 'initial', status: 'duplicate', clickOf: 'A' }],
  },
  {
    rule: 'async_payment_succeeded arriving before completed counts once',
    steps: (w) => {
      const session = checkout(w, { clientReferenceId: w.click.A, paymentStatus: 'unpaid' });
      return [
        { type: 'checkout.session.async_payment_succeeded', object: { ...session, payment_status: 'paid' }, outcome: 'attributed' },
        { type: 'checkout.session.completed', object: session, outcome: 'already_counted' },
      ];
    },
    expected: [{ partner: 'A', kind: 'initial', status: 'converted' }],
  },
  // the first invoice of a Checkout subscription: one sale, whichever event comes first
  {
    rule: 'checkout first, then its first invoice.paid: one initial conversion',
    steps: (w) => [
      { type: 'checkout.session.completed', object: checkout(w, { clientReferenceId: w.click.A }), outcome: 'attributed' },
      { type: 'invoice.paid', object: firstInvoice(w), outcome: 'already_counted' },
    ],
    expected: [{ partner: 'A', kind: 'initial', status: 'converted', amount: 4900 }],
  },
  {
    rule: 'first invoice.paid first, then its checkout: the session claims the invoice',
    steps: (w) => [
      { type: 'invoice.paid', object: firstInvoice(w, { version: 'basil' }), version: 'basil', outcome: 'already_counted' },
      { type: 'checkout.session.completed', object: checkout(w, { clientReferenceId: w.click.A }), outcome: 'attributed' },
    ],
    expected: [{ partner: 'A', kind: 'initial', status: 'converted', amount: 4900 }],
  },
  // renewals by Stripe Customer ID, both payload shapes
  {
    rule: 'renewals go to the partner of the customer, no click id needed (basil shape)',
    steps: (w) => [
      { type: 'checkout.session.completed', object: checkout(w, { clientReferenceId: w.click.A }), outcome: 'attributed' },
      { type: 'invoice.paid', object: renewal(w, { version: 'basil' }), version: 'basil', created: w.now + 30 * DAY, outcome: 'attributed' },
      { type: 'invoice.paid', object: renewal(w), created: w.now + 60 * DAY, outcome: 'attributed' },
    ],
    expected: [
      { partner: 'A', kind: 'initial', status: 'converted', amount: 4900 },
      { partner: 'A', kind: 'renewal', status: 'converted', amount: 2900, clickOf: null },
      { partner: 'A', kind: 'renewal', status: 'converted', amount: 2900, clickOf: null },
    ],
  },
  {
    rule: 'renewals are read from the pre-basil shape (invoice.subscription, paid)',
    steps: (w) => [
      { type: 'checkout.session.completed', object: checkout(w, { clientReferenceId: w.click.A }), version: 'acacia', outcome: 'attributed' },
      { type: 'invoice.paid', object: renewal(w, { version: 'acacia' }), version: 'acacia', created: w.now + 30 * DAY, outcome: 'attributed' },
    ],
    expected: [
      { partner: 'A', kind: 'initial', status: 'converted' },
      { partner: 'A', kind: 'renewal', status: 'converted', amount: 2900 },
    ],
  },
  {
    rule: 'a renewal delivered before its customer was bound is claimed by the binding',
    steps: (w) => [
      { type: 'invoice.paid', object: renewal(w), created: w.now + 30 * DAY, outcome: 'attributed' },
      { type: 'checkout.session.completed', object: checkout(w, { clientReferenceId: w.click.A }), outcome: 'attributed' },
    ],
    expected: [
      { partner: 'A', kind: 'initial', status: 'converted' },
      { partner: 'A', kind: 'renewal', status: 'converted', amount: 2900 },
    ],
  },
  {
    rule: 'an invoice paid before the customer was referred is not a renewal',
    steps: (w) => [
      { type: 'invoice.paid', object: renewal(w, { billingReason: 'manual', subscription: null }), created: w.now - 10 * DAY, outcome: 'no_signal' },
      { type: 'checkout.session.completed', object: checkout(w, { clientReferenceId: w.click.A }), outcome: 'attributed' },
    ],
    expected: [{ partner: 'A', kind: 'initial', status: 'converted' }],
  },
  {
    rule: 'renewals of a customer nobody referred produce nothing',
    steps: (w) => [{ type: 'invoice.paid', object: renewal(w), outcome: 'no_signal' }],
    expected: [],
  },
  {
    rule: "an attributed customer never moves: a later checkout through B is B's sale, renewals stay with A",
    steps: (w) => [
      { type: 'checkout.session.completed', object: checkout(w, { clientReferenceId: w.click.A }), outcome: 'attributed' },
      {
        type: 'checkout.session.completed',
        object: checkout(w, { clientReferenceId: w.click.B, subscription: stripeId('sub'), invoice: stripeId('in') }),
        created: w.now + DAY,
        outcome: 'attributed',
      },
      { type: 'invoice.paid', object: renewal(w), created: w.now + 30 * DAY, outcome: 'attributed' },
    ],
    expected: [
      { partner: 'A', kind: 'initial', status: 'converted' },
      { partner: 'B', kind: 'initial', status: 'converted' },
      { partner: 'A', kind: 'renewal', status: 'converted' },
    ],
  },
  // initial invoices without a Checkout Session
  {
    rule: 'an initial invoice is attributed from its own metadata.aff_click_id, and binds the customer',
    steps: (w) => [
      { type: 'invoice.paid', object: firstInvoice(w, { metadata: { aff_click_id: w.click.A } }), outcome: 'attributed' },
      { type: 'invoice.paid', object: renewal(w), created: w.now + 30 * DAY, outcome: 'attributed' },
    ],
    expected: [
      { partner: 'A', kind: 'initial', status: 'converted', clickOf: 'A' },
      { partner: 'A', kind: 'renewal', status: 'converted' },
    ],
  },
  {
    rule: 'a promo code and a click of different partners: the promo code wins',
    steps: (w) => [
      {
        type: 'invoice.paid',
        object: firstInvoice(w, { metadata: { aff_click_id: w.click.A, aff_promo_code: w.promoB.toLowerCase() } }),
        outcome: 'attributed',
      },
    ],
    expected: [{ partner: 'B', kind: 'initial', status: 'converted', clickOf: null, promo: true }],
  },
  {
    rule: 'a promo code alone attributes a one-off invoice',
    steps: (w) => [
      {
        type: 'invoice.paid',
        object: paidInvoice({ customer: w.customer, subscription: null, billingReason: 'manual', metadata: { aff_promo_code: w.promoB } }),
        version: 'acacia',
        outcome: 'attributed',
      },
    ],
    expected: [{ partner: 'B', kind: 'initial', status: 'converted', promo: true }],
  },
  {
    rule: 'an unknown promo code is recorded as unknown',
    steps: (w) => [
      {
        type: 'invoice.paid',
        object: firstInvoice(w, { metadata: { aff_promo_code: `NOPE${randomBytes(3).toString('hex')}` } }),
        outcome: 'unknown_promo_code',
      },
    ],
    expected: [],
  },
  {
    rule: "a direct Subscription's metadata (subscription_details.metadata) is not read",
    steps: (w) => [
      {
        type: 'invoice.paid',
        object: firstInvoice(w, { version: 'acacia', subscriptionMetadata: { aff_click_id: w.click.A } }),
        version: 'acacia',
        outcome: 'no_signal',
      },
      {
        type: 'invoice.paid',
        object: firstInvoice(w, { id: stripeId('in'), subscription: stripeId('sub'), subscriptionMetadata: { aff_click_id: w.click.A } }),
        outcome: 'no_signal',
      },
    ],
    expected: [],
  },
  {
    rule: 'an invoice that is not paid is not a sale',
    steps: (w) => [{ type: 'invoice.paid', object: firstInvoice(w, { status: 'open', metadata: { aff_click_id: w.click.A } }), outcome: 'not_a_sale' }],
    expected: [],
  },
  // the attribution window and the walls between modes
  {
    rule: 'a click older than the attribution window is expired, and binds no customer',
    steps: (w) => [
      { type: 'checkout.session.completed', object: checkout(w, { clientReferenceId: w.click.A }), created: w.now + 61 * DAY, outcome: 'expired' },
      { type: 'invoice.paid', object: renewal(w), created: w.now + 91 * DAY, outcome: 'no_signal' },
    ],
    expected: [{ partner: 'A', kind: 'initial', status: 'expired', clickOf: 'A' }],
  },
  {
    rule: 'a live-mode event never sees a test-mode click',
    steps: (w) => [{ type: 'checkout.session.completed', object: checkout(w, { clientReferenceId: w.click.A, livemode: true }), outcome: 'unknown_click' }],
    expected: [],
  },
];

describe('attribution rules, one scenario each, through the running gateway', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await TestSystem.start();
  });
  afterAll(async () => system?.stop());

  const sk = () => system.keys.sk_test;

  async function newWorld(): Promise<World> {
    const partner = {} as Record<PartnerName, string>;
    const click = {} as Record<PartnerName, string>;
    for (const name of ['A', 'B'] as const) {
      const made = await partnerWithClick(system, sk(), system.keys.pk_test, `Partner ${name}`);
      partner[name] = made.partnerId;
      click[name] = made.clickId;
    }
    const promoB = await promoCodeOf(system, sk(), partner.B);
    return {
      partner,
      click,
      promoB,
      customer: stripeId('cus'),
      subscription: stripeId('sub'),
      firstInvoice: stripeId('in'),
      now: Math.floor(Date.now() / 1000),
    };
  }

  it.each(scenarios.map((s) => [s.rule, s] as const))('%s', async (_rule, scenario) => {
    const world = await newWorld();
    await system.attributionIdle();
    const steps = scenario.steps(world);
    const events = [];
    for (const step of steps) {
      const event = stripeEvent(step.type, step.object, { version: step.version, created: step.created ?? world.now });
      const delivery = signStripeDelivery(event, system.webhookSecret);
      const posted = await http('POST', `${system.urls.ingest}/webhooks/stripe`, { body: delivery.body, headers: delivery.headers });
      expect(posted.status).toBe(200);
      await system.attributionIdle();
      events.push(event);
    }
    // Outcomes as they stand at the end: a later event may have claimed an earlier one's invoice.
    const outcomes = [];
    for (const event of events) {
      const key = event.livemode ? system.keys.sk_live : sk();
      outcomes.push((await http('GET', `${system.urls.attribution}/v1/stripe-events/${event.id}`, { key })).body.outcome);
    }
    expect(outcomes).toEqual(steps.map((s) => s.outcome));

    const actual = [];
    for (const name of ['A', 'B'] as const) {
      const list = await http('GET', `${system.urls.attribution}/v1/conversions?partner_id=${world.partner[name]}&limit=100`, { key: sk() });
      for (const c of list.body.data) actual.push({ partner: name, ...c });
    }
    const shape = (c: ExpectedConversion) => `${c.partner}:${c.kind}:${c.status}`;
    expect(actual.map((c) => shape(c as ExpectedConversion)).sort()).toEqual(scenario.expected.map(shape).sort());
    for (const expected of scenario.expected) {
      const match = actual.find((c) => shape(c as ExpectedConversion) === shape(expected))!;
      if (expected.amount !== undefined) expect(match.amount_cents).toBe(expected.amount);
      if (expected.clickOf !== undefined) expect(match.click_id).toBe(expected.clickOf ? world.click[expected.clickOf] : null);
      if (expected.promo) expect(match.promo_code).toBe(world.promoB);
    }
  });
});
