import { z } from 'zod';
import { isUuid } from './ids';
import type { Mode } from './mode';
import type { ConversionView } from './attribution';

/** The largest amount in minor units the product accepts anywhere (the commissions service computes in bigint below it). */
export const MAX_AMOUNT_CENTS = 1_000_000_000_000;

/** ISO 4217 codes this Node.js knows (the ICU list), lower case as Stripe writes them. */
const CURRENCIES = new Set(Intl.supportedValuesOf('currency').map((c) => c.toLowerCase()));

/** How far in the future `occurred_at` may be: clock skew, not post-dating. */
const OCCURRED_AT_FUTURE_TOLERANCE_MS = 5 * 60_000;

/**
 * Why PostgreSQL could not store this text, or null when it can. JSON may carry an unpaired UTF-16
 * surrogate (`\ud800`) or NUL (`\u0000`), and JavaScript strings hold them, but PostgreSQL's text and
 * jsonb refuse both: refused here, with a reason the merchant can act on, they never reach the database.
 */
export function unstorableTextReason(text: string): string | null {
  if (text.includes('\u0000')) return 'must not contain NUL (\\u0000) characters';
  // With the u flag a well-formed pair is one code point; only an unpaired surrogate matches \p{Cs}.
  if (/\p{Cs}/u.test(text)) return 'must be valid Unicode text: it contains an unpaired surrogate (such as \\ud800); send UTF-8 text';
  return null;
}

/** The merchant's own id of a transaction, the Conversion API's dedup key: stored text of 1 to 255 characters. */
export const externalTransactionIdSchema = (requiredError: string) =>
  z
    .string({ required_error: requiredError, invalid_type_error: 'must be a string' })
    .trim()
    .min(1, 'must not be empty')
    .max(255, 'must be at most 255 characters')
    .superRefine((v, ctx) => {
      const reason = unstorableTextReason(v);
      if (reason) ctx.addIssue({ code: z.ZodIssueCode.custom, message: reason });
    });

/** Empty strings and nulls mean "not given", as for the Stripe signals. */
const absentIfEmpty = (v: unknown) => (v === '' || v === null ? undefined : v);

/**
 * The body of `POST /api/v1/conversions`. The gateway validates it; attribution parses it again
 * from the request it receives, so a command is valid wherever it is handled.
 */
export const reportConversionSchema = z
  .object({
    click_id: z
      .preprocess(
        absentIfEmpty,
        z
          .string({ invalid_type_error: 'must be a string' })
          .refine(isUuid, 'must be the click_id (a UUID) the snippet or the hosted redirect gave you')
          .transform((v) => v.toLowerCase())
          .optional(),
      )
      .describe('The click id (a UUID) from the snippet or the hosted redirect. click_id or promo_code is required'),
    promo_code: z
      .preprocess(
        absentIfEmpty,
        z
          .string({ invalid_type_error: 'must be a string' })
          .transform((v) => v.trim().toUpperCase())
          .refine((v) => /^[A-Z0-9][A-Z0-9_-]{1,63}$/.test(v), 'must be 2 to 64 letters, digits, - or _')
          .optional(),
      )
      .describe("A partner's promo code (any letter case); it wins over a click of another partner"),
    external_transaction_id: externalTransactionIdSchema('is required: your own id of this transaction (the dedup key)').describe(
      'Your own id of the transaction: the dedup key. A Stripe invoice or Checkout Session id makes the sale count once with Stripe',
    ),
    event_type: z
      .string({ required_error: 'is required, e.g. sale, lead, trial_start or upgrade', invalid_type_error: 'must be a string' })
      .regex(/^[a-z][a-z0-9_.-]{0,63}$/, 'must be 1 to 64 lower-case letters, digits, _, . or -, starting with a letter (e.g. sale)')
      .describe('What happened: sale, lead, trial_start, upgrade, ...'),
    amount_cents: z
      .number({ invalid_type_error: 'must be a number of minor units (cents)' })
      .int('must be a whole number of minor units (cents)')
      .min(0, 'must not be negative')
      // The largest amount commissions compute on (10 billion in major units): a larger one would be a conversion no commission can follow.
      .max(MAX_AMOUNT_CENTS, 'must be at most 1000000000000 minor units')
      .default(0)
      .describe('The amount in minor units (cents)'),
    currency: z
      .preprocess(
        absentIfEmpty,
        z
          .string({ invalid_type_error: 'must be a string' })
          .transform((v) => v.toLowerCase())
          .refine((v) => CURRENCIES.has(v), 'must be an ISO 4217 currency code, e.g. usd or EUR')
          .optional(),
      )
      .describe('ISO 4217 code, any letter case; required when amount_cents is above 0'),
    occurred_at: z
      .preprocess(
        absentIfEmpty,
        z
          .string({ invalid_type_error: 'must be a string' })
          .datetime({ offset: true, message: 'must be an ISO 8601 date-time with a time zone, e.g. 2026-01-31T12:00:00Z' })
          .refine((v) => Number.isFinite(Date.parse(v)), 'must be a real date and time (e.g. a time zone offset of at most 14:00)')
          .refine((v) => !(Date.parse(v) > Date.now() + OCCURRED_AT_FUTURE_TOLERANCE_MS), 'must not be in the future')
          .optional(),
      )
      .describe('ISO 8601 with a time zone; defaults to when the call is received'),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (!body.click_id && !body.promo_code) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['click_id'],
        message: 'click_id or promo_code is required: the conversion needs an attribution signal',
      });
    }
    if (body.amount_cents > 0 && !body.currency) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['currency'], message: 'is required when amount_cents is above 0' });
    }
  });

export type ConversionReport = z.output<typeof reportConversionSchema>;

/** What the gateway asks attribution, over NATS request-reply. */
export interface ConversionReportRequest {
  workspace_id: string;
  mode: Mode;
  /** ISO 8601, when the gateway received the call: `occurred_at` defaults to it. */
  received_at: string;
  report: ConversionReport;
}

/** Why attribution refused a report; each maps to one HTTP answer. */
export type ConversionReportRefusal =
  | { status: 400; code: 'invalid_request'; message: string }
  | { status: 409; code: 'duplicate_external_transaction_id'; message: string; conversion: ConversionView }
  | { status: 422; code: 'no_attribution_signal' | 'mode_mismatch'; message: string }
  | { status: 500; code: 'internal_error'; message: string }
  | { status: 503; code: 'attribution_busy'; message: string };

export type ConversionReportReply = { status: 201; conversion: ConversionView } | ConversionReportRefusal;
