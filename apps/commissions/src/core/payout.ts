/** A line of a payout: an approved commission, or an adjustment of a commission paid before. */
export interface PayoutLine {
  commissionId: string | null;
  adjustmentId: string | null;
  amountCents: number;
}

export interface PayoutDraft {
  lines: PayoutLine[];
  /** Always the sum of the lines. */
  amountCents: number;
}

/**
 * What a partner is paid in one currency: every approved commission not in a payout, netted with
 * every adjustment not yet settled (what paid commissions owe back). Null under the minimum (or
 * nothing to pay): the lines wait for the next payout.
 */
export function draftPayout(
  commissions: Array<{ id: string; amountCents: number }>,
  adjustments: Array<{ id: string; amountCents: number }>,
  minimumCents: number,
): PayoutDraft | null {
  const lines: PayoutLine[] = [
    ...commissions.map((c) => ({ commissionId: c.id, adjustmentId: null, amountCents: c.amountCents })),
    ...adjustments.map((a) => ({ commissionId: null, adjustmentId: a.id, amountCents: a.amountCents })),
  ];
  const amountCents = lines.reduce((sum, l) => sum + l.amountCents, 0);
  if (lines.length === 0 || amountCents <= 0 || amountCents < minimumCents) return null;
  return { lines, amountCents };
}
