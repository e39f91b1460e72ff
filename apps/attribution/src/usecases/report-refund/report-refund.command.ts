import { z } from 'zod';
import { isWorkspaceId, MODES, Mode, RefundReport, reportRefundSchema } from '@app/domain';

const requestSchema = z.object({
  workspace_id: z.string().refine(isWorkspaceId, 'must be a workspace id'),
  mode: z.enum(MODES),
  refund: reportRefundSchema,
});

/** A Conversion API refund as attribution handles it: validated again here, whoever sent it. */
export class ReportRefundCommand {
  private constructor(
    readonly workspaceId: string,
    readonly mode: Mode,
    readonly refund: RefundReport,
  ) {}

  /** Throws a ZodError naming every invalid field. */
  static parse(request: unknown): ReportRefundCommand {
    const r = requestSchema.parse(request);
    return new ReportRefundCommand(r.workspace_id, r.mode, r.refund);
  }
}
