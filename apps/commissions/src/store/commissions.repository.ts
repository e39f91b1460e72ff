import { EntityManager } from 'typeorm';
import type { CommissionStatus, Mode } from '@app/domain';
import { newId } from '@app/domain';
import { preparedQuery } from '@app/persistence';
import { CommissionRecord } from '../core/commission';
import { COMMISSION_COLUMNS, commissionFromRow, commissionInsertRow, CommissionRow, commissionUpdateRow } from './commission-rows';
import { findInWorkspace, newestFirst, PageFilter } from './workspace-queries';

/**
 * Only what a paid commission owes back is netted from a payout: a change to a commission still in a
 * draft waits for that draft, paid (then it is owed back) or cancelled (then it folds back into the
 * commission), so no payout takes money back for a commission never paid.
 */
const OF_PAID_COMMISSION = `EXISTS (SELECT 1 FROM commissions.commissions c WHERE c.id = a.commission_id AND c.status = 'paid')`;

export interface CommissionFilter extends PageFilter {
  partnerId?: string;
  status?: CommissionStatus;
  currency?: string;
  /** Created at or after / before (the conversion's creation decides the terms; this is the commission's). */
  from?: Date;
  to?: Date;
}

export interface AdjustmentRecord {
  id: string;
  commissionId: string;
  amountCents: number;
  payoutId: string | null;
  createdAt: Date;
}

/** The commissions and their adjustments. */
export class CommissionsRepository {
  async find(db: EntityManager, workspaceId: string, mode: Mode, id: string, forUpdate = false): Promise<CommissionRecord | null> {
    const row = await findInWorkspace<CommissionRow>(db, 'commissions.commissions', COMMISSION_COLUMNS, { workspaceId, mode, id }, forUpdate);
    return row ? commissionFromRow(row) : null;
  }

  /** Locked in (created_at, id) order, the order payouts lock them in too, so the two never deadlock. */
  async findByConversions(db: EntityManager, workspaceId: string, mode: Mode, conversionIds: string[]): Promise<CommissionRecord[]> {
    if (conversionIds.length === 0) return [];
    const rows = await preparedQuery<CommissionRow>(
      db,
      `SELECT ${COMMISSION_COLUMNS} FROM commissions.commissions WHERE workspace_id = $1 AND mode = $2 AND conversion_id = ANY($3::uuid[])
       ORDER BY created_at, id FOR UPDATE`,
      [workspaceId, mode, conversionIds],
    );
    return rows.map(commissionFromRow);
  }

  async insert(db: EntityManager, c: CommissionRecord, conversionOccurredAt: string): Promise<void> {
    const row = commissionInsertRow(c, conversionOccurredAt);
    const columns = row.map(([column]) => column).join(', ');
    const placeholders = row.map((_, i) => `$${i + 1}`).join(', ');
    await preparedQuery(
      db,
      `INSERT INTO commissions.commissions (${columns}) VALUES (${placeholders})`,
      row.map(([, value]) => value),
    );
  }

  /** Writes the mutable part of a commission (its terms, conversion and partner never change). */
  async update(db: EntityManager, c: CommissionRecord): Promise<void> {
    const row = commissionUpdateRow(c);
    await preparedQuery(db, `UPDATE commissions.commissions SET ${row.map(([column], i) => `${column} = $${i + 2}`).join(', ')} WHERE id = $1`, [
      c.id,
      ...row.map(([, value]) => value),
    ]);
  }

  async insertAdjustment(db: EntityManager, c: CommissionRecord, amountCents: number, now: Date): Promise<string> {
    const id = newId();
    await preparedQuery(
      db,
      `INSERT INTO commissions.adjustments (id, workspace_id, mode, commission_id, partner_id, currency, amount_cents, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [id, c.workspaceId, c.mode, c.id, c.partnerId, c.currency, amountCents, now],
    );
    return id;
  }

  async adjustmentsOf(db: EntityManager, commissionId: string): Promise<AdjustmentRecord[]> {
    const rows = await preparedQuery<{ id: string; commission_id: string; amount_cents: string; payout_id: string | null; created_at: Date }>(
      db,
      `SELECT id, commission_id, amount_cents, payout_id, created_at FROM commissions.adjustments WHERE commission_id = $1 ORDER BY created_at, id`,
      [commissionId],
    );
    return rows.map((r) => ({ id: r.id, commissionId: r.commission_id, amountCents: Number(r.amount_cents), payoutId: r.payout_id, createdAt: r.created_at }));
  }

  async list(db: EntityManager, f: CommissionFilter): Promise<CommissionRecord[]> {
    const rows = await newestFirst<CommissionRow>(db, 'commissions.commissions', COMMISSION_COLUMNS, f, [
      ['partner_id = ?', f.partnerId],
      ['status = ?', f.status],
      ['currency = ?', f.currency],
      ['created_at >= ?', f.from],
      ['created_at < ?', f.to],
    ]);
    return rows.map(commissionFromRow);
  }

  /** Pending commissions whose hold ended, locked for this replica (others skip them). */
  async dueForApproval(db: EntityManager, now: Date, limit: number): Promise<CommissionRecord[]> {
    const rows = await preparedQuery<CommissionRow>(
      db,
      `SELECT ${COMMISSION_COLUMNS} FROM commissions.commissions WHERE status = 'pending' AND hold_ends_at <= $1
       ORDER BY hold_ends_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
    return rows.map(commissionFromRow);
  }

  /** Approved commissions and unsettled adjustments of a partner in a currency, locked for a payout. */
  async payable(
    db: EntityManager,
    workspaceId: string,
    mode: Mode,
    partnerId: string,
    currency: string,
  ): Promise<{ commissions: CommissionRecord[]; adjustments: AdjustmentRecord[] }> {
    const rows = await preparedQuery<CommissionRow>(
      db,
      `SELECT ${COMMISSION_COLUMNS} FROM commissions.commissions
       WHERE workspace_id = $1 AND mode = $2 AND partner_id = $3 AND currency = $4 AND status = 'approved' AND payout_id IS NULL
       ORDER BY created_at, id FOR UPDATE`,
      [workspaceId, mode, partnerId, currency],
    );
    const adjustments = await preparedQuery<{ id: string; commission_id: string; amount_cents: string; payout_id: string | null; created_at: Date }>(
      db,
      `SELECT id, commission_id, amount_cents, payout_id, created_at FROM commissions.adjustments a
       WHERE workspace_id = $1 AND mode = $2 AND partner_id = $3 AND currency = $4 AND payout_id IS NULL AND ${OF_PAID_COMMISSION}
       ORDER BY created_at, id FOR UPDATE`,
      [workspaceId, mode, partnerId, currency],
    );
    return {
      commissions: rows.map(commissionFromRow),
      adjustments: adjustments.map((r) => ({
        id: r.id,
        commissionId: r.commission_id,
        amountCents: Number(r.amount_cents),
        payoutId: r.payout_id,
        createdAt: r.created_at,
      })),
    };
  }

  /** Partners with something payable in a currency (approved commissions or unsettled adjustments). */
  async partnersWithBalance(db: EntityManager, workspaceId: string, mode: Mode, currency: string): Promise<string[]> {
    const rows = await preparedQuery<{ partner_id: string }>(
      db,
      `SELECT partner_id FROM commissions.commissions WHERE workspace_id = $1 AND mode = $2 AND currency = $3 AND status = 'approved' AND payout_id IS NULL
       UNION
       SELECT partner_id FROM commissions.adjustments a WHERE workspace_id = $1 AND mode = $2 AND currency = $3 AND payout_id IS NULL AND ${OF_PAID_COMMISSION}
       ORDER BY partner_id`,
      [workspaceId, mode, currency],
    );
    return rows.map((r) => r.partner_id);
  }

  async inPayout(db: EntityManager, payoutId: string): Promise<CommissionRecord[]> {
    const rows = await preparedQuery<CommissionRow>(
      db,
      `SELECT ${COMMISSION_COLUMNS} FROM commissions.commissions WHERE payout_id = $1 ORDER BY created_at, id FOR UPDATE`,
      [payoutId],
    );
    return rows.map(commissionFromRow);
  }

  async releaseAdjustments(db: EntityManager, payoutId: string): Promise<void> {
    await preparedQuery(db, `UPDATE commissions.adjustments SET payout_id = NULL WHERE payout_id = $1`, [payoutId]);
  }

  async adjustmentsSum(db: EntityManager, commissionId: string): Promise<number> {
    const rows = await preparedQuery<{ sum: string | null }>(db, `SELECT sum(amount_cents) AS sum FROM commissions.adjustments WHERE commission_id = $1`, [
      commissionId,
    ]);
    return Number(rows[0]?.sum ?? 0);
  }

  async setAdjustmentsPayout(db: EntityManager, ids: string[], payoutId: string | null): Promise<void> {
    if (ids.length === 0) return;
    await preparedQuery(db, `UPDATE commissions.adjustments SET payout_id = $2 WHERE id = ANY($1::uuid[])`, [ids, payoutId]);
  }

  /** Adjustments of a released commission that no payout holds: the commission takes them back into its own amount. */
  async dropUnsettledAdjustments(db: EntityManager, commissionId: string): Promise<void> {
    await preparedQuery(db, `DELETE FROM commissions.adjustments WHERE commission_id = $1 AND payout_id IS NULL`, [commissionId]);
  }

  /** Refunded share of a partner's converted sales in one currency, in basis points (null: no sales). */
  async refundRateBps(db: EntityManager, workspaceId: string, mode: Mode, partnerId: string, currency: string): Promise<number | null> {
    const rows = await preparedQuery<{ sold: string | null; refunded: string | null }>(
      db,
      `SELECT sum(amount_cents) AS sold, sum(refunded_amount_cents) AS refunded FROM commissions.conversions
       WHERE workspace_id = $1 AND mode = $2 AND partner_id = $3 AND currency = $4 AND status = 'converted'`,
      [workspaceId, mode, partnerId, currency],
    );
    const sold = Number(rows[0]?.sold ?? 0);
    if (sold <= 0) return null;
    return Math.floor((Number(rows[0].refunded ?? 0) * 10_000) / sold);
  }

  /** A partner's balance per currency. */
  async balance(db: EntityManager, workspaceId: string, mode: Mode, partnerId: string) {
    return db.query<
      Array<{ currency: string; pending: string; on_hold: string; in_review: string; approved: string; in_payout: string; paid: string; owed_back: string }>
    >(
      `WITH c AS (
         SELECT currency,
           sum(amount_cents) FILTER (WHERE status = 'pending') AS pending,
           sum(amount_cents) FILTER (WHERE status = 'on_hold') AS on_hold,
           sum(amount_cents) FILTER (WHERE status = 'in_review') AS in_review,
           sum(amount_cents) FILTER (WHERE status = 'approved' AND payout_id IS NULL) AS approved,
           sum(amount_cents) FILTER (WHERE status = 'approved' AND payout_id IS NOT NULL) AS in_payout
         FROM commissions.commissions WHERE workspace_id = $1 AND mode = $2 AND partner_id = $3 GROUP BY currency
       ), p AS (
         SELECT currency, sum(amount_cents) AS paid FROM commissions.payouts
         WHERE workspace_id = $1 AND mode = $2 AND partner_id = $3 AND status = 'paid' GROUP BY currency
       ), a AS (
         SELECT a.currency, sum(a.amount_cents) AS unsettled FROM commissions.adjustments a
         LEFT JOIN commissions.payouts p ON p.id = a.payout_id
         WHERE a.workspace_id = $1 AND a.mode = $2 AND a.partner_id = $3 AND (a.payout_id IS NULL OR p.status <> 'paid') GROUP BY a.currency
       )
       SELECT currency, coalesce(c.pending, 0) AS pending, coalesce(c.on_hold, 0) AS on_hold, coalesce(c.in_review, 0) AS in_review,
         coalesce(c.approved, 0) + greatest(coalesce(a.unsettled, 0), 0) AS approved, coalesce(c.in_payout, 0) AS in_payout,
         coalesce(p.paid, 0) AS paid, greatest(-coalesce(a.unsettled, 0), 0) AS owed_back
       FROM c FULL JOIN p USING (currency) FULL JOIN a USING (currency) ORDER BY currency`,
      [workspaceId, mode, partnerId],
    );
  }
}
