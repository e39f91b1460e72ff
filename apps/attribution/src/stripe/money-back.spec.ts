import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readCheckoutSession } from './checkout-session';
import { readInvoice } from './invoice';
import { disputeStatusOf, readDispute, readInvoicePayment, readRefundedCharge } from './money-back';

const fixture = (folder: string, object: string) =>
  JSON.parse(
    readFileSync(resolve(process.env.SELGEO_SHARED_DIR ?? resolve(__dirname, '../../../../../shared'), 'fixtures/stripe', folder, `${object}.json`), 'utf8'),
  ) as Record<string, unknown>;
const ACACIA = 'openapi-v1505-2025-02-24.acacia';
const BASIL = 'openapi-v1642-2025-03-31.basil';
const HEAD = 'openapi-v2436-HEAD-2026-08-21';

describe('readRefundedCharge reads both Charge shapes (official fixtures)', () => {
  it('pre-basil: the Charge names its invoice', () => {
    const charge = { ...fixture(ACACIA, 'charge'), amount: 4900, amount_refunded: 1500, payment_intent: 'pi_1', invoice: 'in_1', customer: 'cus_1' };
    expect(readRefundedCharge(charge)).toEqual({
      chargeId: 'ch_1PgafuB7WZ01zgkWXYmPNZs8',
      paymentIntentId: 'pi_1',
      invoiceId: 'in_1',
      customerId: 'cus_1',
      amountCents: 4900,
      amountRefundedCents: 1500,
      currency: 'usd',
    });
  });

  it('basil on: no invoice field; the PaymentIntent may be expanded', () => {
    const charge = {
      ...fixture(BASIL, 'charge'),
      amount: 4900,
      amount_refunded: 4900,
      refunded: true,
      payment_intent: { id: 'pi_2', object: 'payment_intent' },
    };
    expect('invoice' in fixture(BASIL, 'charge')).toBe(false);
    expect(readRefundedCharge(charge)).toMatchObject({ paymentIntentId: 'pi_2', invoiceId: null, amountRefundedCents: 4900 });
    expect(readRefundedCharge({ ...fixture(HEAD, 'charge'), amount_refunded: 10 })).toMatchObject({ amountRefundedCents: 10, invoiceId: null });
  });

  it('reads a missing or absurd amount_refunded as nothing refunded, and needs an id', () => {
    expect(readRefundedCharge({ ...fixture(HEAD, 'charge'), amount_refunded: -5 })!.amountRefundedCents).toBe(0);
    expect(readRefundedCharge({ ...fixture(HEAD, 'charge'), amount_refunded: 1.5 })!.amountRefundedCents).toBe(0);
    expect(readRefundedCharge({ ...fixture(HEAD, 'charge'), id: undefined })).toBeNull();
  });
});

describe('readDispute (official fixture)', () => {
  it('reads the charge, the payment intent and the state', () => {
    const dispute = { ...fixture(HEAD, 'dispute'), payment_intent: 'pi_1' };
    expect(readDispute(dispute)).toEqual({
      disputeId: 'dp_1Pgc71B7WZ01zgkWMevJiAUx',
      chargeId: 'ch_1PgafuB7WZ01zgkWXYmPNZs8',
      paymentIntentId: 'pi_1',
      status: 'open',
    });
    expect(readDispute({ ...dispute, status: 'won' })!.status).toBe('won');
    expect(readDispute({ ...dispute, status: 'lost', charge: { id: 'ch_x', object: 'charge' } })).toMatchObject({ chargeId: 'ch_x', status: 'lost' });
  });

  it("every state but won and lost is open (Stripe's needs_response, under_review, ...)", () => {
    for (const s of ['warning_needs_response', 'warning_under_review', 'warning_closed', 'needs_response', 'under_review', 'prevented', undefined]) {
      expect(disputeStatusOf(s)).toBe('open');
    }
  });

  it('a dispute naming no payment is unreadable', () => {
    expect(readDispute({ ...fixture(HEAD, 'dispute'), charge: null, payment_intent: null })).toBeNull();
  });
});

describe('readInvoicePayment (official fixtures, basil and HEAD)', () => {
  it.each([BASIL, HEAD])('%s: the invoice and the PaymentIntent that paid it', (folder) => {
    const payment = { ...fixture(folder, 'invoice_payment'), invoice: 'in_1', payment: { type: 'payment_intent', payment_intent: 'pi_1' } };
    expect(readInvoicePayment(payment)).toEqual({ id: 'obj_123', invoiceId: 'in_1', paymentId: 'pi_1' });
  });

  it('a payment of type charge links the Charge', () => {
    const payment = { ...fixture(HEAD, 'invoice_payment'), invoice: { id: 'in_2' }, payment: { type: 'charge', charge: 'ch_2' } };
    expect(readInvoicePayment(payment)).toMatchObject({ invoiceId: 'in_2', paymentId: 'ch_2' });
  });

  it('the fixture as is (no payment_intent under payment) links nothing', () => {
    expect(readInvoicePayment(fixture(BASIL, 'invoice_payment'))).toBeNull();
  });
});

describe('the sale side of the links, and the commissionable amount', () => {
  it('a Checkout Session in payment mode names its PaymentIntent; tax is taken off; the email is normalised', () => {
    const session = {
      ...fixture(HEAD, 'checkout.session'),
      mode: 'payment',
      amount_total: 12000,
      total_details: { amount_discount: 1000, amount_shipping: 0, amount_tax: 2000 },
      customer_details: { email: '  Buyer@Example.COM ' },
    };
    expect(readCheckoutSession(session)).toMatchObject({
      paymentIntentId: 'pi_1PgafyB7WZ01zgkWSjxsAJo3',
      amountTotal: 12000,
      commissionableCents: 10000,
      customerEmail: 'buyer@example.com',
    });
    expect(readCheckoutSession({ ...fixture(ACACIA, 'checkout.session'), amount_total: 500, total_details: null })).toMatchObject({ commissionableCents: 500 });
  });

  it('a pre-basil Invoice names its PaymentIntent and Charge; total_excluding_tax (discounts already off) is commissioned', () => {
    const invoice = {
      ...fixture(ACACIA, 'invoice'),
      paid: true,
      status: 'paid',
      amount_paid: 11000,
      total: 11000,
      total_excluding_tax: 10000,
      payment_intent: 'pi_9',
      charge: { id: 'ch_9', object: 'charge' },
    };
    expect(readInvoice(invoice)).toMatchObject({
      shape: 'pre-basil',
      paymentIntentId: 'pi_9',
      chargeId: 'ch_9',
      amountPaid: 11000,
      commissionableCents: 10000,
    });
  });

  it('a basil Invoice names neither; an amount paid below total_excluding_tax (a credit balance) caps what is commissioned', () => {
    const invoice = { ...fixture(BASIL, 'invoice'), status: 'paid', amount_paid: 800, total_excluding_tax: 1000 };
    expect(readInvoice(invoice)).toMatchObject({ shape: 'basil', paymentIntentId: null, chargeId: null, commissionableCents: 800 });
    const noTotal = { ...fixture(BASIL, 'invoice'), status: 'paid', amount_paid: 800, total_excluding_tax: null };
    expect(readInvoice(noTotal)!.commissionableCents).toBe(800);
  });
});
