/** The commissions service's summary: clicks, conversions, revenue and commissions by day or by partner, money per currency. */
export interface Summary {
  from: string;
  to: string;
  data: Array<{
    day?: string;
    partner_id?: string;
    clicks: number;
    currencies: Array<{ currency: string; conversions: number; revenue_cents: number; commissions_cents: number }>;
  }>;
}

const DAY_MS = 86_400_000;

/** From midnight UTC `days` days ago until the end of today: whole days, so a day's bar is never cut short. */
export function lastDays(days: number): { from: string; to: string } {
  const today = new Date();
  const end = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) + DAY_MS;
  return { from: new Date(end - days * DAY_MS).toISOString(), to: new Date(end).toISOString() };
}

export function yearRange(): { from: string; to: string } {
  return lastDays(365);
}

/** Every day of the range, so days without activity show as zero instead of being skipped. */
export function daysOf(range: { from: string; to: string }): string[] {
  const days: string[] = [];
  for (let t = Date.parse(range.from); t < Date.parse(range.to); t += DAY_MS) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

export interface Totals {
  clicks: number;
  conversions: number;
  byCurrency: Map<string, { revenue: number; commissions: number; conversions: number }>;
}

export function totalsOf(summary: Summary): Totals {
  const totals: Totals = { clicks: 0, conversions: 0, byCurrency: new Map() };
  for (const row of summary.data) {
    totals.clicks += row.clicks;
    for (const c of row.currencies) {
      totals.conversions += c.conversions;
      const t = totals.byCurrency.get(c.currency) ?? { revenue: 0, commissions: 0, conversions: 0 };
      t.revenue += c.revenue_cents;
      t.commissions += c.commissions_cents;
      t.conversions += c.conversions;
      totals.byCurrency.set(c.currency, t);
    }
  }
  return totals;
}
