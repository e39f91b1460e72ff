import { z } from 'zod';
import { Streams } from '@app/domain';

/**
 * Stripe keeps an event, and lets a merchant resend it from the Dashboard, for 30 days after it was
 * created. An event resent on its last day may stay in the STRIPE_EVENTS stream for that stream's
 * whole maximum age after it, and may be handed over again (a consumer reset, a replay) meanwhile.
 */
const STRIPE_EVENT_RESEND_DAYS = 30;

/** The shortest ledger retention that still deduplicates every copy of an event that can arrive. */
export const STRIPE_EVENT_RETENTION_MIN_DAYS = STRIPE_EVENT_RESEND_DAYS + Streams.stripeEvents.maxAgeDays;

/**
 * Stripe retries a webhook for up to 3 days in live mode, and an invoice's age is counted from
 * Stripe's creation of its event: an invoice kept for less than a week could be past its retention
 * before its Checkout Session's retries end.
 */
export const UNATTRIBUTED_INVOICE_RETENTION_MIN_DAYS = 7;

/**
 * A number of days, as an environment variable. An empty value is the default, never 0: `X=` left
 * in a file must not mean "keep forever".
 */
const days = (fallback: number, min: number, max: number, keepForever: boolean) =>
  z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.coerce
      .number({ invalid_type_error: 'must be a number of days' })
      .int('must be a whole number of days')
      .refine(
        (d) => (keepForever && d === 0) || (d >= min && d <= max),
        keepForever ? `must be 0 (keep forever) or ${min} to ${max} days` : `must be ${min} to ${max} days`,
      )
      .default(fallback),
  );

/** How long attribution keeps what grows with every event; validated at start-up with the rest of its settings. */
export const retentionEnv = {
  /**
   * The Stripe event ledger (`GET /v1/stripe-events/ID`): one row per event, and the key that
   * deduplicates Stripe's redeliveries and merchants' resends, so at least 120 days (30 days of
   * Stripe resends plus the 90 days the STRIPE_EVENTS stream keeps a copy). 180 by default: half a
   * year to ask "why was this sale not attributed?". Counted from the event's creation at Stripe.
   * 0 keeps the ledger forever.
   */
  STRIPE_EVENT_RETENTION_DAYS: days(180, STRIPE_EVENT_RETENTION_MIN_DAYS, 3650, true),
  /**
   * Paid invoices nobody could attribute yet, waiting for a late Checkout Session or a customer
   * binding to claim them. 45 days by default: past Stripe's 3 days of retries, a monthly billing
   * cycle and the days a merchant's backend may take to report the sale through the Conversion API.
   * It is also the window of a customer's invoices each event reads, so it has no "forever".
   * Counted from the invoice's `invoice.paid` event at Stripe.
   */
  UNATTRIBUTED_INVOICE_RETENTION_DAYS: days(45, UNATTRIBUTED_INVOICE_RETENTION_MIN_DAYS, 400, false),
  /**
   * Finished outgoing webhook deliveries (succeeded or failed), with their attempts, counted from
   * when they finished. 30 days by default: a merchant can look at a failure and redeliver it for a
   * month. Pending deliveries are never removed. 0 keeps them forever.
   */
  WEBHOOK_DELIVERY_RETENTION_DAYS: days(30, 1, 3650, true),
  /** How often one replica (whichever takes the lock) removes what is past its retention. */
  RETENTION_PURGE_INTERVAL_MINUTES: z.coerce.number({ invalid_type_error: 'must be a number' }).int('must be a whole number').min(1).max(1440).default(60),
};

export type RetentionSettings = z.output<z.ZodObject<typeof retentionEnv>>;
