import { EntityManager } from 'typeorm';
import type { Mode, PayoutStatus } from '@app/domain';
import { preparedQuery } from '@app/persistence';
import { findInWorkspace, newestFirst, PageFilter } from './workspace-queries';
import { PayoutLine } from '../core/payout';

export interface PayoutRecord {
  id: string;
  workspaceId: string;
  mode: Mode;
  batchId: string;
  partnerId: string;
  currency: string;
  amountCents: number;
  lineCount: number;
  status: PayoutStatus;
  reference: string | null;
  periodStart: Date;
  periodEnd: Date;
  createdAt: Date;
  paidAt: Date | null;
  cancelledAt: Date | null;
}

export interface BatchRecord {
  id: string;
  idempotencyKey: string;
  request: unknown;
  currency: string;
  createdAt: Date;
}

interface PayoutRow {
  id: string;
  workspace_id: string;
  mode: Mode;
  batch_id: string;
  partner_id: string;
  currency: string;
  amount_cents: string;
  line_count: number;
  status: PayoutStatus;
  reference: string | null;
  period_start: Date;
  period_end: Date;
  created_at: Date;
  paid_at: Date | null;
  cancelled_at: Date | null;
}

const COLUMNS = `id, workspace_id, mode, batch_id, partner_id, currency, amount_cents, line_count, status, reference, period_start, period_end, created_at,
  paid_at, cancelled_at`;

function fromRow(r: PayoutRow): PayoutRecord {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    mode: r.mode,
    batchId: r.batch_id,
    partnerId: r.partner_id,
    currency: r.currency,
    amountCents: Number(r.amount_cents),
    lineCount: r.line_count,
    status: r.status,
    reference: r.reference,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    createdAt: r.created_at,
    paidAt: r.paid_at,
    cancelledAt: r.cancelled_at,
  };
}

/** Payout batches (one per Idempotency-Key), payouts and their lines. */
export class PayoutsRepository {
  /** Claims an idempotency key; null when it was claimed before (waits for a concurrent claim to commit). */
  async claimBatch(db: EntityManager, workspaceId: string, mode: Mode, batch: BatchRecord): Promise<boolean> {
    const rows = await preparedQuery(
      db,
      `INSERT INTO commissions.payout_batches (id, workspace_id, mode, idempotency_key, request, currency, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (workspace_id, mode, idempotency_key) DO NOTHING RETURNING id`,
      [batch.id, workspaceId, mode, batch.idempotencyKey, JSON.stringify(batch.request), batch.currency, batch.createdAt],
    );
    return rows.length === 1;
  }

  async batchByKey(db: EntityManager, workspaceId: string, mode: Mode, key: string): Promise<BatchRecord | null> {
    return this.batchWhere(db, workspaceId, mode, 'idempotency_key', key);
  }

  async batch(db: EntityManager, workspaceId: string, mode: Mode, id: string): Promise<BatchRecord | null> {
    return this.batchWhere(db, workspaceId, mode, 'id', id);
  }

  private async batchWhere(db: EntityManager, workspaceId: string, mode: Mode, column: 'id' | 'idempotency_key', value: string): Promise<BatchRecord | null> {
    const rows = await preparedQuery<{ id: string; idempotency_key: string; request: unknown; currency: string; created_at: Date }>(
      db,
      `SELECT id, idempotency_key, request, currency, created_at FROM commissions.payout_batches WHERE workspace_id = $1 AND mode = $2 AND ${column} = $3`,
      [workspaceId, mode, value],
    );
    const r = rows[0];
    return r ? { id: r.id, idempotencyKey: r.idempotency_key, request: r.request, currency: r.currency, createdAt: r.created_at } : null;
  }

  async insert(db: EntityManager, p: PayoutRecord, lines: PayoutLine[]): Promise<void> {
    await preparedQuery(
      db,
      `INSERT INTO commissions.payouts (id, workspace_id, mode, batch_id, partner_id, currency, amount_cents, line_count, status, reference, period_start,
         period_end, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        p.id,
        p.workspaceId,
        p.mode,
        p.batchId,
        p.partnerId,
        p.currency,
        p.amountCents,
        p.lineCount,
        p.status,
        p.reference,
        p.periodStart,
        p.periodEnd,
        p.createdAt,
      ],
    );
    await preparedQuery(
      db,
      `INSERT INTO commissions.payout_lines (payout_id, commission_id, adjustment_id, amount_cents)
       SELECT $1, l.commission_id, l.adjustment_id, l.amount_cents FROM jsonb_to_recordset($2::jsonb) AS l(commission_id uuid, adjustment_id uuid, amount_cents bigint)`,
      [p.id, JSON.stringify(lines.map((l) => ({ commission_id: l.commissionId, adjustment_id: l.adjustmentId, amount_cents: l.amountCents })))],
    );
  }

  async find(db: EntityManager, workspaceId: string, mode: Mode, id: string, forUpdate = false): Promise<PayoutRecord | null> {
    const row = await findInWorkspace<PayoutRow>(db, 'commissions.payouts', COLUMNS, { workspaceId, mode, id }, forUpdate);
    return row ? fromRow(row) : null;
  }

  async ofBatch(db: EntityManager, batchId: string): Promise<PayoutRecord[]> {
    const rows = await preparedQuery<PayoutRow>(db, `SELECT ${COLUMNS} FROM commissions.payouts WHERE batch_id = $1 ORDER BY partner_id`, [batchId]);
    return rows.map(fromRow);
  }

  async lines(db: EntityManager, payoutId: string): Promise<PayoutLine[]> {
    const rows = await preparedQuery<{ commission_id: string | null; adjustment_id: string | null; amount_cents: string }>(
      db,
      `SELECT commission_id, adjustment_id, amount_cents FROM commissions.payout_lines WHERE payout_id = $1 ORDER BY id`,
      [payoutId],
    );
    return rows.map((r) => ({ commissionId: r.commission_id, adjustmentId: r.adjustment_id, amountCents: Number(r.amount_cents) }));
  }

  async update(db: EntityManager, p: PayoutRecord): Promise<void> {
    await preparedQuery(db, `UPDATE commissions.payouts SET status = $2, reference = $3, paid_at = $4, cancelled_at = $5 WHERE id = $1`, [
      p.id,
      p.status,
      p.reference,
      p.paidAt,
      p.cancelledAt,
    ]);
  }

  async list(db: EntityManager, f: PageFilter & { partnerId?: string; status?: PayoutStatus; currency?: string }): Promise<PayoutRecord[]> {
    const rows = await newestFirst<PayoutRow>(db, 'commissions.payouts', COLUMNS, f, [
      ['partner_id = ?', f.partnerId],
      ['status = ?', f.status],
      ['currency = ?', f.currency],
    ]);
    return rows.map(fromRow);
  }
}

export function presentPayout(p: PayoutRecord, lines?: PayoutLine[]) {
  return {
    id: p.id,
    object: 'payout' as const,
    mode: p.mode,
    status: p.status,
    batch_id: p.batchId,
    partner_id: p.partnerId,
    currency: p.currency,
    amount_cents: p.amountCents,
    line_count: p.lineCount,
    reference: p.reference,
    period_start: p.periodStart.toISOString(),
    period_end: p.periodEnd.toISOString(),
    created_at: p.createdAt.toISOString(),
    paid_at: p.paidAt?.toISOString() ?? null,
    cancelled_at: p.cancelledAt?.toISOString() ?? null,
    ...(lines
      ? {
          lines: lines.map((l) => ({
            type: l.commissionId ? 'commission' : 'adjustment',
            commission_id: l.commissionId,
            adjustment_id: l.adjustmentId,
            amount_cents: l.amountCents,
          })),
        }
      : {}),
  };
}
