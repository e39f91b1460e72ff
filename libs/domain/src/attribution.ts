/** The vocabulary of attribution, shared by every service and every reader of its records. */

/** The statuses a merchant sees on a conversion. */
export const CONVERSION_STATUSES = ['pending', 'converted', 'expired', 'duplicate'] as const;
export type ConversionStatus = (typeof CONVERSION_STATUSES)[number];

/** A customer's first sale, or a renewal of it. */
export const CONVERSION_KINDS = ['initial', 'renewal'] as const;
export type ConversionKind = (typeof CONVERSION_KINDS)[number];

/** Where a conversion was reported from: a Stripe event, or the Conversion API. */
export const CONVERSION_SOURCES = ['stripe', 'api'] as const;
export type ConversionSource = (typeof CONVERSION_SOURCES)[number];

/** The state of the latest dispute on a sale's payment: `open` until Stripe closes it `won` or `lost`. */
export const DISPUTE_STATUSES = ['open', 'won', 'lost'] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

/** What became of one Stripe event, kept so a merchant can ask why a sale was not attributed. */
export const STRIPE_EVENT_OUTCOMES = [
  'attributed', // a conversion was recorded (or confirmed) for a partner
  'expired', // the click was older than the attribution window
  'no_signal', // no click id or promo code on the object
  'unknown_click', // a click id that names no click of this workspace and mode
  'awaiting_payment', // checkout completed, delayed payment still pending: a pending conversion
  'payment_failed', // the delayed payment failed: the pending conversion is rejected (status duplicate)
  'not_a_sale', // e.g. a `setup` mode Checkout Session, or an invoice that is not paid
  'unknown_promo_code', // a promo code that names no code of this workspace and mode
  'already_counted', // the sale was counted from another event
  'awaiting_sale', // an invoice of a bound customer that the binding's sale does not explain, waiting for a sale of its own
  'refund_applied', // a refund or dispute was applied to the conversion of its sale
  'awaiting_sale_of_payment', // a refund or dispute (or a payment link) whose sale is not known yet: kept, applied when it is
  'no_sale', // a refund or dispute of a payment that no attributed sale explains, once it stopped waiting
  'ignored', // an event type attribution does not read
] as const;
export type StripeEventOutcome = (typeof STRIPE_EVENT_OUTCOMES)[number];

export const DEFAULT_ATTRIBUTION_WINDOW_DAYS = 60;

/** Metadata keys merchants set on Stripe objects (see the seed document). */
export const STRIPE_METADATA_CLICK_ID = 'aff_click_id';
export const STRIPE_METADATA_PROMO_CODE = 'aff_promo_code';

/**
 * What internal consumers receive on `conversion.created` / `conversion.updated`. The schema is
 * versioned by `api_version`; fields are only ever added.
 */
export interface ConversionView {
  id: string;
  object: 'conversion';
  mode: import('./mode').Mode;
  status: ConversionStatus;
  kind: ConversionKind;
  source: ConversionSource;
  /** `sale` for Stripe sales; what the merchant sent for Conversion API calls (`lead`, `trial_start`, ...). */
  event_type: string;
  partner_id: string;
  click_id: string | null;
  /** The referral token (link) of the click the sale came through; a renewal's is its initial sale's; null for a promo code or a sale without a click. */
  referral_token: string | null;
  promo_code: string | null;
  amount_cents: number;
  currency: string | null;
  /** The Stripe event the conversion was decided on; null for the Conversion API. */
  source_event_id: string | null;
  /** The merchant's own id, for Conversion API calls (the dedup key); null for Stripe sales. */
  external_transaction_id: string | null;
  stripe: { customer: string | null; subscription: string | null; invoice: string | null; checkout_session: string | null };
  /**
   * What a commission is computed on, in minor units of `currency`: what the customer paid, tax
   * excluded where Stripe states it (Checkout's `amount_total - total_details.amount_tax`, the
   * Invoice's `total_excluding_tax`); `amount_cents` for the Conversion API.
   */
  commissionable_amount_cents: number;
  /** Refunded so far (cumulative, as Stripe's `amount_refunded`), minor units of `currency`; at most `amount_cents`. */
  refunded_amount_cents: number;
  /** Null when the sale's payment was never disputed. */
  dispute_status: DisputeStatus | null;
  /** The buyer's email from Checkout's `customer_details`, trimmed and lower-cased; null when unknown. Read for fraud review. */
  customer_email: string | null;
  /** For a renewal: the conversion of the sale it renews and when that sale happened; null for an initial sale. */
  initial_conversion_id: string | null;
  initial_occurred_at: string | null;
  occurred_at: string;
  created_at: string;
}

export type ConversionEventType = 'conversion.created' | 'conversion.updated';

export interface ConversionEvent {
  /** Unique per event; consumers deduplicate on it. */
  id: string;
  type: ConversionEventType;
  api_version: 'v1';
  workspace_id: string;
  mode: import('./mode').Mode;
  /** ISO 8601 */
  created_at: string;
  conversion: ConversionView;
}
