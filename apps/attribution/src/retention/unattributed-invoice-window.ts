import { retentionEnv } from './retention-settings';

const DAY_MS = 86_400_000;

let parsed: { raw: string | undefined; days: number } | undefined;

/**
 * UNATTRIBUTED_INVOICE_RETENTION_DAYS, read where the stores need it. The stores that apply the
 * window are built without the service's configuration, so this reads the variable the
 * configuration validated at start-up, with the same schema, and parses it again only if it changed.
 */
export function unattributedInvoiceRetentionDays(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.UNATTRIBUTED_INVOICE_RETENTION_DAYS;
  if (!parsed || parsed.raw !== raw) parsed = { raw, days: retentionEnv.UNATTRIBUTED_INVOICE_RETENTION_DAYS.parse(raw) };
  return parsed.days;
}

/**
 * The oldest `occurred_at` of an unattributed invoice that can still be claimed. Older ones are past
 * their retention: the purge removes them, and until it has, every read treats them as gone, so a
 * decision never depends on whether the purge has run yet, and the invoices an event reads for its
 * customer are a bounded window however long that customer's history is.
 */
export function unattributedInvoicesKeptFrom(now: Date = new Date(), env: NodeJS.ProcessEnv = process.env): Date {
  return new Date(now.getTime() - unattributedInvoiceRetentionDays(env) * DAY_MS);
}

/** Where a new binding's renewals start: at its sale, but never before the invoices still kept. */
export function renewalsFrom(boundFrom: Date, now: Date = new Date(), env: NodeJS.ProcessEnv = process.env): Date {
  const keptFrom = unattributedInvoicesKeptFrom(now, env);
  return boundFrom > keptFrom ? boundFrom : keptFrom;
}
