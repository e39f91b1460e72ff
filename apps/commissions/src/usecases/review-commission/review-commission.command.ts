import { z } from 'zod';
import type { Mode } from '@app/domain';

export const voidCommissionBody = z.object({ reason: z.string().trim().min(1, 'say why the commission is voided').max(500) }).strict();

export interface ReviewCommissionCommand {
  workspaceId: string;
  mode: Mode;
  commissionId: string;
  decision: 'approve' | 'void';
  /** Required to void. */
  reason?: string;
}
