import { z } from 'zod';
import type { Mode } from '@app/domain';

export const markPaidBody = z
  .object({ reference: z.string().trim().min(1, "give the payment's reference (your bank or payout provider's id)").max(500) })
  .strict();

export interface SettlePayoutCommand {
  workspaceId: string;
  mode: Mode;
  payoutId: string;
  action: 'mark_paid' | 'cancel';
  reference?: string;
}
