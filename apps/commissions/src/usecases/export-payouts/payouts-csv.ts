/** One row of the mass-payment file: a partner's payout. */
export interface PayoutCsvRow {
  partnerId: string;
  name: string;
  /** Where to pay: the partner's payout email when they gave one, else their email. */
  email: string;
  /** The partner's own reference for their payouts; empty when none. */
  reference: string;
  amountCents: number;
  currency: string;
  periodStart: Date;
  periodEnd: Date;
  count: number;
  status: string;
}

/** Zero-decimal currencies (Stripe's list): their minor unit is the unit, so the amount has no decimals. */
const ZERO_DECIMAL = new Set(['bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf']);

/** Three-decimal currencies (Stripe's list): 1230 fils is 1.230 dinars. */
const THREE_DECIMAL = new Set(['bhd', 'jod', 'kwd', 'omr', 'tnd']);

/** An amount in major units as text, from integers only (no float ever touches money). */
export function formatAmount(cents: number, currency: string): string {
  const code = currency.toLowerCase();
  if (ZERO_DECIMAL.has(code)) return String(cents);
  const places = THREE_DECIMAL.has(code) ? 3 : 2;
  const unit = 10 ** places;
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / unit)}.${String(abs % unit).padStart(places, '0')}`;
}

/**
 * RFC 4180 field; a field a spreadsheet would run as a formula (=, +, -, @, tab, CR) is prefixed with
 * a quote, since partner names come from outside the merchant's control.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** `reference` is last, so tools that read the columns before it by position read them as before. */
export const CSV_HEADER = ['partner_id', 'name', 'email', 'amount', 'amount_cents', 'currency', 'period_start', 'period_end', 'count', 'status', 'reference'];

export function payoutsCsv(rows: PayoutCsvRow[]): string {
  const lines = [CSV_HEADER.join(',')];
  for (const r of rows) {
    lines.push(
      [
        r.partnerId,
        csvField(r.name),
        csvField(r.email),
        formatAmount(r.amountCents, r.currency),
        String(r.amountCents),
        r.currency.toUpperCase(),
        r.periodStart.toISOString().slice(0, 10),
        r.periodEnd.toISOString().slice(0, 10),
        String(r.count),
        r.status,
        csvField(r.reference),
      ].join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
