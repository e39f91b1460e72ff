import { z } from 'zod';
import { ConversionReport, isWorkspaceId, MODES, Mode, reportConversionSchema } from '@app/domain';

const requestSchema = z.object({
  workspace_id: z.string().refine(isWorkspaceId, 'must be a workspace id'),
  mode: z.enum(MODES),
  received_at: z.string().datetime({ offset: true }),
  report: reportConversionSchema,
});

/** A Conversion API call as attribution handles it: validated again here, whoever sent it. */
export class ReportConversionCommand {
  private constructor(
    readonly workspaceId: string,
    readonly mode: Mode,
    readonly report: ConversionReport,
    /** When the sale happened: `occurred_at`, or when the gateway received the call. */
    readonly occurredAt: Date,
  ) {}

  /** Throws a ZodError naming every invalid field. */
  static parse(request: unknown): ReportConversionCommand {
    const r = requestSchema.parse(request);
    return new ReportConversionCommand(r.workspace_id, r.mode, r.report, new Date(r.report.occurred_at ?? r.received_at));
  }
}

/**
 * A merchant reporting a Stripe sale it also sends us as webhooks uses the Stripe id as its
 * transaction id: the conversion then takes that id's place, and the sale counts once whichever
 * way arrives first.
 */
export function stripeSaleOf(externalTransactionId: string): { invoiceId: string | null; checkoutSessionId: string | null } | null {
  if (/^in_[A-Za-z0-9_]+$/.test(externalTransactionId)) return { invoiceId: externalTransactionId, checkoutSessionId: null };
  if (/^cs_[A-Za-z0-9_]+$/.test(externalTransactionId)) return { invoiceId: null, checkoutSessionId: externalTransactionId };
  return null;
}
