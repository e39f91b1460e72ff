import { EntityManager } from 'typeorm';
import type { Mode } from '@app/domain';

export type SummaryGrouping = 'day' | 'partner';

export interface SummaryRow {
  key: string;
  clicks: number;
  byCurrency: Array<{ currency: string; conversions: number; revenueCents: number; commissionsCents: number }>;
}

/** Clicks, conversions, revenue and commissions per day (UTC) or per partner; money per currency. */
export class SummaryRepository {
  async summary(db: EntityManager, workspaceId: string, mode: Mode, from: Date, to: Date, groupBy: SummaryGrouping): Promise<SummaryRow[]> {
    const key = (column: string) => (groupBy === 'day' ? `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD')` : 'partner_id::text');
    const params = [workspaceId, mode, from, to];
    const clicks = await db.query<Array<{ key: string; n: string }>>(
      `SELECT ${key('clicked_at')} AS key, count(*) AS n FROM commissions.clicks
       WHERE workspace_id = $1 AND mode = $2 AND clicked_at >= $3 AND clicked_at < $4 GROUP BY 1`,
      params,
    );
    // Revenue is what was kept: the amount less what was refunded.
    const sales = await db.query<Array<{ key: string; currency: string; n: string; revenue: string }>>(
      `SELECT ${key('occurred_at')} AS key, currency, count(*) AS n, sum(amount_cents - refunded_amount_cents) AS revenue FROM commissions.conversions
       WHERE workspace_id = $1 AND mode = $2 AND occurred_at >= $3 AND occurred_at < $4 AND status = 'converted' AND currency IS NOT NULL GROUP BY 1, 2`,
      params,
    );
    // What each commission is worth now (adjustments included; voided and reversed count 0), by when its sale occurred.
    const earned = await db.query<Array<{ key: string; currency: string; total: string }>>(
      `SELECT ${key('conversion_occurred_at')} AS key, currency,
         sum(CASE WHEN status = 'voided' THEN 0 ELSE amount_cents + adjustments_cents END) AS total FROM commissions.commissions
       WHERE workspace_id = $1 AND mode = $2 AND conversion_occurred_at >= $3 AND conversion_occurred_at < $4 GROUP BY 1, 2`,
      params,
    );
    const rows = new Map<string, SummaryRow>();
    const row = (k: string) => {
      let r = rows.get(k);
      if (!r) rows.set(k, (r = { key: k, clicks: 0, byCurrency: [] }));
      return r;
    };
    const money = (k: string, currency: string) => {
      const r = row(k);
      let m = r.byCurrency.find((c) => c.currency === currency);
      if (!m) r.byCurrency.push((m = { currency, conversions: 0, revenueCents: 0, commissionsCents: 0 }));
      return m;
    };
    for (const c of clicks) row(c.key).clicks = Number(c.n);
    for (const s of sales) Object.assign(money(s.key, s.currency), { conversions: Number(s.n), revenueCents: Number(s.revenue) });
    for (const e of earned) money(e.key, e.currency).commissionsCents = Number(e.total);
    for (const r of rows.values()) r.byCurrency.sort((a, b) => a.currency.localeCompare(b.currency));
    return [...rows.values()].sort((a, b) => a.key.localeCompare(b.key));
  }
}
