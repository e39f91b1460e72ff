import { z } from 'zod';
import type { Mode } from './mode';
import type { ConversionView } from './attribution';
import { ConversionReportRefusal, externalTransactionIdSchema } from './conversion-report';

/**
 * The body of `POST /api/v1/conversions/refunds`: a refund of a sale reported through the Conversion
 * API. The amount is the cumulative total refunded so far (like Stripe's `amount_refunded`), so the
 * same call again changes nothing.
 */
export const reportRefundSchema = z
  .object({
    external_transaction_id: externalTransactionIdSchema('is required: the id you reported the sale with').describe(
      'The external_transaction_id the sale was reported with (POST /api/v1/conversions)',
    ),
    amount_refunded_cents: z
      .number({
        required_error: 'is required: the total refunded so far, in minor units (cents)',
        invalid_type_error: 'must be a number of minor units (cents)',
      })
      .int('must be a whole number of minor units (cents)')
      .min(0, 'must not be negative')
      .max(Number.MAX_SAFE_INTEGER, 'is too large')
      .describe("The total refunded so far (cumulative, like Stripe's amount_refunded), in minor units of the sale's currency; at most the sale's amount"),
  })
  .strict();

export type RefundReport = z.output<typeof reportRefundSchema>;

/** What the gateway asks attribution over NATS request-reply (`Subjects.conversionRefund`). */
export interface ConversionRefundRequest {
  workspace_id: string;
  mode: Mode;
  refund: RefundReport;
}

export type ConversionRefundReply =
  | { status: 200; conversion: ConversionView }
  | { status: 404; code: 'unknown_transaction'; message: string }
  | { status: 409; code: 'refund_below_recorded'; message: string; conversion: ConversionView }
  | { status: 422; code: 'refund_above_sale'; message: string }
  | Extract<ConversionReportRefusal, { status: 400 | 500 | 503 }>;
