import { unstorableTextReason } from './conversion-report';
import { AttributedStripeEventType, isAttributedStripeEventType } from './events';
import { STRIPE_METADATA_CLICK_ID, STRIPE_METADATA_PROMO_CODE } from './attribution';

/** Stripe ids: letters, digits and _ (evt_..., cs_..., in_...). */
const STRIPE_ID = /^[A-Za-z0-9_]{1,255}$/;
/** Stripe began in 2011; a `created` outside 2010-2100 is no real event and no date PostgreSQL should store. */
const CREATED_MIN = Date.UTC(2010, 0, 1) / 1000;
const CREATED_MAX = Date.UTC(2100, 0, 1) / 1000;
/** Stripe's own limit for a metadata value. */
const METADATA_VALUE_MAX = 500;

/**
 * What a Stripe event must look like to be processed: the one definition the gateway checks
 * before it answers 200 and attribution checks when it reads the event, so nothing the gateway
 * stores can be dead-lettered for its shape. Returns the problems, in words; empty when none.
 */
export function stripeEventShapeProblems(body: unknown): string[] {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return ['the body is not a Stripe event object'];
  const e = body as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof e.id !== 'string' || !STRIPE_ID.test(e.id)) problems.push('id (Stripe ids are letters, digits and _)');
  if (typeof e.type !== 'string' || !/^[a-z0-9_.]{1,100}$/.test(e.type)) problems.push('type');
  if (typeof e.livemode !== 'boolean') problems.push('livemode');
  if (!Number.isSafeInteger(e.created) || (e.created as number) < CREATED_MIN || (e.created as number) > CREATED_MAX)
    problems.push('created (Unix seconds between 2010 and 2100)');
  const data = e.data as Record<string, unknown> | null | undefined;
  const object = data && typeof data === 'object' ? (data.object as Record<string, unknown> | null | undefined) : undefined;
  if (!object || typeof object !== 'object' || Array.isArray(object)) {
    problems.push('data.object');
    return problems;
  }
  if (typeof e.type === 'string' && isAttributedStripeEventType(e.type)) {
    // Stripe names each object's kind (`object`): a refund event carrying a Checkout Session is no event Stripe sends.
    const kind = OBJECT_OF_TYPE[e.type];
    if (object.object !== undefined && object.object !== kind) problems.push(`data.object.object (a ${e.type} event carries a ${kind})`);
    problems.push(...attributedObjectProblems(object));
  }
  return problems;
}

const OBJECT_OF_TYPE: Record<AttributedStripeEventType, string> = {
  'checkout.session.completed': 'checkout.session',
  'checkout.session.async_payment_succeeded': 'checkout.session',
  'checkout.session.async_payment_failed': 'checkout.session',
  'invoice.paid': 'invoice',
  'invoice_payment.paid': 'invoice_payment',
  'charge.refunded': 'charge',
  'charge.dispute.created': 'dispute',
  'charge.dispute.updated': 'dispute',
  'charge.dispute.closed': 'dispute',
};

function attributedObjectProblems(object: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (typeof object.id !== 'string' || !STRIPE_ID.test(object.id)) problems.push('data.object.id');
  for (const field of ['amount', 'amount_total', 'amount_paid', 'amount_refunded', 'total_excluding_tax']) {
    const v = object[field];
    if (v !== undefined && v !== null && !(Number.isSafeInteger(v) && (v as number) >= 0))
      problems.push(`data.object.${field} (a whole number of cents, not negative)`);
  }
  if (object.currency !== undefined && object.currency !== null && !(typeof object.currency === 'string' && /^[A-Za-z]{3}$/.test(object.currency))) {
    problems.push('data.object.currency (a three-letter ISO code)');
  }
  for (const field of ['customer', 'subscription', 'invoice', 'charge', 'payment_intent']) {
    const v = object[field];
    const id = v && typeof v === 'object' ? (v as { id?: unknown }).id : v;
    if (id !== undefined && id !== null && !(typeof id === 'string' && (id === '' || STRIPE_ID.test(id)))) problems.push(`data.object.${field}`);
  }
  // An InvoicePayment names the PaymentIntent (or Charge) that paid its invoice.
  const payment = object.payment;
  if (payment !== undefined && payment !== null && typeof payment === 'object' && !Array.isArray(payment)) {
    for (const field of ['payment_intent', 'charge']) {
      const v = (payment as Record<string, unknown>)[field];
      const id = v && typeof v === 'object' ? (v as { id?: unknown }).id : v;
      if (id !== undefined && id !== null && !(typeof id === 'string' && STRIPE_ID.test(id))) problems.push(`data.object.payment.${field}`);
    }
  }
  const reference = object.client_reference_id;
  if (reference !== undefined && reference !== null && !(typeof reference === 'string' && reference.length <= 200 && !unstorableTextReason(reference))) {
    problems.push('data.object.client_reference_id (text of at most 200 characters)');
  }
  const metadata = object.metadata;
  if (metadata !== undefined && metadata !== null) {
    if (typeof metadata !== 'object' || Array.isArray(metadata)) problems.push('data.object.metadata');
    else {
      // A promo code is 2 to 64 characters (PRODUCT.md); a click id is a UUID, but any text up to Stripe's limit is read as "no click".
      for (const [key, max] of [
        [STRIPE_METADATA_CLICK_ID, METADATA_VALUE_MAX],
        [STRIPE_METADATA_PROMO_CODE, 64],
      ] as const) {
        const v = (metadata as Record<string, unknown>)[key];
        if (v !== undefined && v !== null && !(typeof v === 'string' && v.length <= max && !unstorableTextReason(v))) {
          problems.push(`data.object.metadata.${key} (text of at most ${max} characters)`);
        }
      }
    }
  }
  return problems;
}
