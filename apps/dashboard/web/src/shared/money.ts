/** Money arrives in minor units with its currency; it is shown with that currency's own decimals (JPY has none). */

const formats = new Map<string, Intl.NumberFormat>();

function formatFor(currency: string): Intl.NumberFormat {
  const code = currency.toUpperCase();
  let format = formats.get(code);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { style: 'currency', currency: code });
    formats.set(code, format);
  }
  return format;
}

/** The number of minor-unit digits of a currency, as Intl knows it (USD 2, JPY 0, KWD 3). */
export function fractionDigits(currency: string): number {
  return formatFor(currency).resolvedOptions().maximumFractionDigits ?? 2;
}

/** 4900 usd → $49.00; 4900 jpy → ¥4,900. Division happens only here, for display. */
export function formatMoney(minorUnits: number, currency: string | null | undefined): string {
  if (!currency) return minorUnits === 0 ? '—' : String(minorUnits);
  try {
    return formatFor(currency).format(minorUnits / 10 ** fractionDigits(currency));
  } catch {
    return `${minorUnits} ${currency.toUpperCase()} (minor units)`;
  }
}

/** A whole amount typed by a merchant (e.g. "25.50") in minor units, or null when it is not one. */
export function parseMoney(text: string, currency: string): number | null {
  const digits = fractionDigits(currency);
  const match = new RegExp(`^\\s*(\\d{1,12})(?:\\.(\\d{0,${digits}}))?\\s*$`).exec(text);
  if (!match) return null;
  const whole = Number(match[1]) * 10 ** digits;
  const fraction = digits > 0 ? Number((match[2] ?? '').padEnd(digits, '0')) : 0;
  return whole + fraction;
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC';
}

export function formatDay(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
}
