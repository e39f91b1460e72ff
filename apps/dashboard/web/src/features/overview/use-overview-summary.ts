import { useServiceQuery } from '../../shared/queries';
import type { Summary } from './summary';

type GroupBy = 'day' | 'partner';
type Row = Summary['data'][number];

interface ClickSummary {
  data: Array<{ day?: string; partner_id?: string; clicks: number }>;
}
interface ConversionSummary {
  data: Array<{ day?: string; partner_id?: string; currency: string | null; conversions: number; revenue_cents: number }>;
}

/**
 * The overview's figures: the commissions service's summary where it runs (clicks, sales and
 * commissions in one answer); without it, clicks and sales from attribution's own summaries, and
 * `commissionsMissing` says why the commissions are not shown.
 */
export function useOverviewSummary(groupBy: GroupBy, range: { from: string; to: string }, refetchInterval?: number) {
  const full = useServiceQuery<Summary>('/v1/commission-summary', { group_by: groupBy, ...range }, { refetchInterval });
  const fallback = full.isError ? { group_by: groupBy, created_gte: range.from, created_lt: range.to, limit: 100 } : null;
  const clicks = useServiceQuery<ClickSummary>(fallback && '/v1/click-summary', fallback ?? {}, { refetchInterval });
  const sales = useServiceQuery<ConversionSummary>(fallback && '/v1/conversion-summary', fallback ?? {}, { refetchInterval });
  if (!full.isError) return { data: full.data, error: null, isPending: full.isPending, commissionsMissing: null };
  const error = clicks.error ?? sales.error;
  const data = clicks.data && sales.data ? merge(groupBy, range, clicks.data, sales.data) : undefined;
  return { data, error: error ? full.error : null, isPending: !error && !data, commissionsMissing: full.error };
}

function merge(groupBy: GroupBy, range: { from: string; to: string }, clicks: ClickSummary, sales: ConversionSummary): Summary {
  const key = (r: { day?: string; partner_id?: string }) => (groupBy === 'day' ? r.day : r.partner_id) ?? '';
  const rows = new Map<string, Row>();
  const rowOf = (k: string): Row => {
    let row = rows.get(k);
    if (!row) rows.set(k, (row = { [groupBy === 'day' ? 'day' : 'partner_id']: k, clicks: 0, currencies: [] }));
    return row;
  };
  for (const c of clicks.data) rowOf(key(c)).clicks += c.clicks;
  for (const s of sales.data) {
    // Sales without money (leads) still count as conversions; they have no currency to show revenue in.
    rowOf(key(s)).currencies.push({ currency: s.currency ?? '', conversions: s.conversions, revenue_cents: s.revenue_cents, commissions_cents: 0 });
  }
  return { from: range.from, to: range.to, data: [...rows.values()] };
}
