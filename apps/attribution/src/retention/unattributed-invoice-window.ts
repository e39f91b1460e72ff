const DAY_MS = 86_400_000;

/**
 * The oldest `occurred_at` of an unattributed invoice that can still be claimed. Older ones are past
 * their retention: the purge removes them, and until it has, every read treats them as gone, so a
 * decision never depends on whether the purge has run yet, and the invoices an event reads for its
 * customer are a bounded window however long that customer's history is.
 */
export function unattributedInvoicesKeptFrom(retentionDays: number, now: Date = new Date()): Date {
  return new Date(now.getTime() - retentionDays * DAY_MS);
}

/** Where a new binding's renewals start: at its sale, but never before the invoices still kept. */
export function renewalsFrom(boundFrom: Date, retentionDays: number, now: Date = new Date()): Date {
  const keptFrom = unattributedInvoicesKeptFrom(retentionDays, now);
  return boundFrom > keptFrom ? boundFrom : keptFrom;
}
