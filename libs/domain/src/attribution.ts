/** The vocabulary of attribution, shared by every service and every reader of its records. */

/** The statuses a merchant sees on a conversion. */
export const CONVERSION_STATUSES = ['pending', 'converted', 'expired', 'duplicate'] as const;
export type ConversionStatus = (typeof CONVERSION_STATUSES)[number];

export type ConversionKind = 'initial' | 'renewal';

/** What became of one Stripe event, kept so a merchant can ask why a sale was not attributed. */
export const STRIPE_EVENT_OUTCOMES = [
  'attributed', // a conversion was recorded for a partner
  'expired', // the click was older than the attribution window
  'no_signal', // no click id or promo code on the object
  'unknown_click', // a click id that names no click of this workspace and mode
  'awaiting_payment', // checkout completed, payment still pending (delayed methods)
  'not_a_sale', // e.g. a `setup` mode Checkout Session
  'already_counted', // the sale was counted from another event
  'ignored', // an event type attribution does not read
] as const;
export type StripeEventOutcome = (typeof STRIPE_EVENT_OUTCOMES)[number];

export const DEFAULT_ATTRIBUTION_WINDOW_DAYS = 60;
export const MIN_ATTRIBUTION_WINDOW_DAYS = 1;
export const MAX_ATTRIBUTION_WINDOW_DAYS = 365;

/** Metadata keys merchants set on Stripe objects (see the seed document). */
export const STRIPE_METADATA_CLICK_ID = 'aff_click_id';
export const STRIPE_METADATA_PROMO_CODE = 'aff_promo_code';
