import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Stripe from 'stripe';
import { sharedDir } from './paths';

/** The API versions whose official object shapes are in `shared/fixtures/stripe/`. */
export const FIXTURE_VERSIONS = {
  acacia: { folder: 'openapi-v1505-2025-02-24.acacia', apiVersion: '2025-02-24.acacia' },
  basil: { folder: 'openapi-v1642-2025-03-31.basil', apiVersion: '2025-03-31.basil' },
  head: { folder: 'openapi-v2436-HEAD-2026-08-21', apiVersion: '2026-08-21.dahlia' },
} as const;
export type FixtureVersion = keyof typeof FIXTURE_VERSIONS;

export function stripeFixture(version: FixtureVersion, object: string): Record<string, unknown> {
  const file = resolve(sharedDir(), 'fixtures/stripe', FIXTURE_VERSIONS[version].folder, `${object}.json`);
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

export function stripeId(prefix: string): string {
  return `${prefix}_test_${randomBytes(12).toString('hex')}`;
}

export interface CompletedCheckoutOptions {
  version?: FixtureVersion;
  clientReferenceId?: string | null;
  metadata?: Record<string, string>;
  mode?: 'payment' | 'subscription' | 'setup';
  paymentStatus?: 'paid' | 'unpaid' | 'no_payment_required';
  customer?: string | null;
  subscription?: string | null;
  invoice?: string | null;
  amountTotal?: number;
  /** `total_details.amount_tax` (0 by default; the fixture's is a placeholder). */
  amountTax?: number;
  currency?: string;
  livemode?: boolean;
  /** Payment mode: a PaymentIntent of its own by default (the fixture's is one shared placeholder). */
  paymentIntent?: string | null;
  /** `customer_details.email`; none by default. */
  customerEmail?: string | null;
}

/** A completed, paid Checkout Session built from the official fixture of one API version. */
export function completedCheckoutSession(options: CompletedCheckoutOptions = {}): Record<string, unknown> {
  const session = stripeFixture(options.version ?? 'head', 'checkout.session');
  const mode = options.mode ?? 'subscription';
  return {
    ...session,
    id: stripeId('cs'),
    status: 'complete',
    mode,
    payment_status: options.paymentStatus ?? 'paid',
    client_reference_id: options.clientReferenceId ?? null,
    metadata: options.metadata ?? {},
    customer: options.customer === undefined ? stripeId('cus') : options.customer,
    subscription: mode === 'subscription' ? (options.subscription === undefined ? stripeId('sub') : options.subscription) : null,
    invoice: mode === 'subscription' ? (options.invoice === undefined ? stripeId('in') : options.invoice) : null,
    amount_total: options.amountTotal ?? 4900,
    amount_subtotal: options.amountTotal ?? 4900,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: options.amountTax ?? 0 },
    customer_details: { ...(session.customer_details as object), email: options.customerEmail ?? null },
    payment_intent: mode === 'payment' ? (options.paymentIntent === undefined ? stripeId('pi') : options.paymentIntent) : null,
    currency: options.currency ?? 'usd',
    livemode: options.livemode ?? false,
  };
}

/** Wraps an object in the Event envelope of `event.json`. */
export function stripeEvent(type: string, object: Record<string, unknown>, options: { version?: FixtureVersion; id?: string; created?: number } = {}) {
  const envelope = stripeFixture(options.version ?? 'head', 'event');
  return {
    ...envelope,
    id: options.id ?? stripeId('evt'),
    type,
    api_version: FIXTURE_VERSIONS[options.version ?? 'head'].apiVersion,
    created: options.created ?? Math.floor(Date.now() / 1000),
    livemode: object.livemode === true,
    pending_webhooks: 1,
    data: { object },
  };
}

export interface SignedDelivery {
  body: string;
  headers: Record<string, string>;
}

/** Signs exactly as Stripe does, with the `stripe` package. */
export function signStripeDelivery(event: unknown, secret: string, options: { timestamp?: number; body?: string } = {}): SignedDelivery {
  const body = options.body ?? JSON.stringify(event);
  const signature = Stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp: options.timestamp });
  return {
    body,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'stripe-signature': signature,
      'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
    },
  };
}

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64url')}`;
}

export interface PaidInvoiceOptions {
  version?: FixtureVersion;
  id?: string;
  customer: string;
  subscription?: string | null;
  billingReason?: 'subscription_create' | 'subscription_cycle' | 'subscription_update' | 'manual';
  amountPaid?: number;
  currency?: string;
  metadata?: Record<string, string>;
  /** Metadata of a Subscription created directly: Stripe puts it here, where Selgeo does not read. */
  subscriptionMetadata?: Record<string, string>;
  status?: 'paid' | 'open';
  livemode?: boolean;
  /** Tax within amountPaid: `total_excluding_tax` is amountPaid minus it (0 by default). */
  amountTax?: number;
  /** Pre-basil (acacia) only: the PaymentIntent and Charge that paid it; none by default. */
  paymentIntent?: string | null;
  charge?: string | null;
}

/**
 * A paid invoice in the shape of the fixture's API version: before basil the subscription is a
 * top-level field with `paid`; from basil on it lives under `parent.subscription_details`.
 */
export function paidInvoice(options: PaidInvoiceOptions): Record<string, unknown> {
  const version = options.version ?? 'head';
  const invoice: Record<string, unknown> = {
    ...stripeFixture(version, 'invoice'),
    id: options.id ?? stripeId('in'),
    customer: options.customer,
    billing_reason: options.billingReason ?? 'subscription_cycle',
    status: options.status ?? 'paid',
    amount_due: options.amountPaid ?? 4900,
    amount_paid: options.status === 'open' ? 0 : (options.amountPaid ?? 4900),
    total: options.amountPaid ?? 4900,
    total_excluding_tax: (options.amountPaid ?? 4900) - (options.amountTax ?? 0),
    currency: options.currency ?? 'usd',
    metadata: options.metadata ?? {},
    livemode: options.livemode ?? false,
  };
  const subscription = options.subscription === undefined ? stripeId('sub') : options.subscription;
  if (version === 'acacia') {
    invoice.subscription = subscription;
    invoice.paid = options.status !== 'open';
    invoice.subscription_details = subscription ? { metadata: options.subscriptionMetadata ?? {} } : null;
    invoice.payment_intent = options.paymentIntent ?? null;
    invoice.charge = options.charge ?? null;
  } else {
    delete invoice.subscription; // the fixture's stale top-level field; real basil payloads lack it
    invoice.parent = subscription
      ? { type: 'subscription_details', quote_details: null, subscription_details: { metadata: options.subscriptionMetadata ?? {}, subscription } }
      : null;
  }
  return invoice;
}

/** A Charge of `charge.refunded` in the shape of one API version: `amount_refunded` is the total refunded so far. */
export function refundedCharge(version: FixtureVersion, fields: Record<string, unknown>): Record<string, unknown> {
  return { ...stripeFixture(version, 'charge'), id: stripeId('ch'), amount: 4900, currency: 'usd', livemode: false, ...fields };
}

/** A Dispute of `charge.dispute.*` (`needs_response` while open; `won` or `lost` at close). */
export function dispute(fields: { charge: string; payment_intent: string | null; status: string; amount?: number }): Record<string, unknown> {
  return { ...stripeFixture('head', 'dispute'), id: stripeId('dp'), amount: 4900, currency: 'usd', livemode: false, ...fields };
}

/** The InvoicePayment of `invoice_payment.paid`: from basil on, the only link from an invoice to its PaymentIntent. */
export function invoicePayment(invoice: string, paymentIntent: string, amountPaid = 4900): Record<string, unknown> {
  return {
    ...stripeFixture('basil', 'invoice_payment'),
    id: stripeId('inpay'),
    invoice,
    payment: { type: 'payment_intent', payment_intent: paymentIntent },
    currency: 'usd',
    amount_paid: amountPaid,
    status: 'paid',
    livemode: false,
  };
}
