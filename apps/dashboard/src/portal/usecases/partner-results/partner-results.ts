import { BadRequestException } from '@nestjs/common';

const DAY_MS = 86_400_000;
export const DEFAULT_RESULT_DAYS = 30;
/** Attribution's summaries cover at most 366 days in one read. */
export const MAX_RESULT_DAYS = 366;

export interface ResultsPeriod {
  /** Both ends included, YYYY-MM-DD (UTC). */
  from: string;
  to: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function dateParam(name: string, value: unknown): Date | undefined {
  if (value === undefined) return undefined;
  const at = typeof value === 'string' && DATE.test(value) ? new Date(`${value}T00:00:00Z`) : null;
  if (!at || Number.isNaN(at.getTime()) || at.toISOString().slice(0, 10) !== value) throw new BadRequestException(`${name} must be a date, YYYY-MM-DD`);
  return at;
}

const day = (at: Date) => at.toISOString().slice(0, 10);

/** The period asked for: the last 30 days (today, UTC, included) unless given; one end alone keeps 30 days from or to it. */
export function resultsPeriod(fromParam: unknown, toParam: unknown, now = new Date()): ResultsPeriod {
  const fromGiven = dateParam('from', fromParam);
  const toGiven = dateParam('to', toParam);
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const to = toGiven ?? (fromGiven ? new Date(fromGiven.getTime() + (DEFAULT_RESULT_DAYS - 1) * DAY_MS) : today);
  const from = fromGiven ?? new Date(to.getTime() - (DEFAULT_RESULT_DAYS - 1) * DAY_MS);
  if (from > to) throw new BadRequestException('from must not be after to');
  if ((to.getTime() - from.getTime()) / DAY_MS + 1 > MAX_RESULT_DAYS) {
    throw new BadRequestException(`from and to may be at most ${MAX_RESULT_DAYS} days apart: ask for a longer period in parts`);
  }
  return { from: day(from), to: day(to) };
}

/** The period as attribution's summaries take it: from midnight of `from` to the midnight after `to`. */
export function summaryRange(period: ResultsPeriod): string {
  const end = new Date(new Date(`${period.to}T00:00:00Z`).getTime() + DAY_MS);
  return `created_gte=${period.from}&created_lt=${day(end)}`;
}

export interface ConversionRow {
  currency: string | null;
  conversions: number;
  revenue_cents: number;
  refunded_cents: number;
}

export interface Counted {
  clicks: number;
  conversions: number;
  revenue: Array<{ currency: string; amount_cents: number }>;
}

/** Clicks and conversions counted together; revenue per currency is what buyers paid less what went back, never summed across currencies. */
export function counted(clicks: number, rows: ConversionRow[]): Counted {
  const revenue = new Map<string, number>();
  for (const row of rows) {
    if (row.currency) revenue.set(row.currency, (revenue.get(row.currency) ?? 0) + row.revenue_cents - row.refunded_cents);
  }
  return {
    clicks,
    conversions: rows.reduce((sum, row) => sum + row.conversions, 0),
    revenue: [...revenue].sort(([a], [b]) => a.localeCompare(b)).map(([currency, amount_cents]) => ({ currency, amount_cents })),
  };
}

/** Every day of the period, those without clicks or conversions with zeros. */
export function resultsByDay(period: ResultsPeriod, clicks: Array<{ day: string; clicks: number }>, conversions: Array<ConversionRow & { day: string }>) {
  const days: Array<{ date: string } & Counted> = [];
  for (let at = new Date(`${period.from}T00:00:00Z`); day(at) <= period.to; at = new Date(at.getTime() + DAY_MS)) {
    const date = day(at);
    days.push({
      date,
      ...counted(
        clicks.find((row) => row.day === date)?.clicks ?? 0,
        conversions.filter((row) => row.day === date),
      ),
    });
  }
  return days;
}
