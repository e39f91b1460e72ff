import { Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { DataSource, QueryRunner } from 'typeorm';
import { returnedRows } from '@app/persistence';
import { RetentionSettings } from './retention-settings';

const DAY_MS = 86_400_000;
/** Rows removed per statement: each delete is its own short transaction, holding few row locks and little WAL. */
const DEFAULT_BATCH = 1000;
/** The first purge after start-up: soon, so services restarted more often than the interval still purge. */
const FIRST_PURGE_DELAY_MS = 60_000;
/** Held for a whole purge, on one connection, so one replica at a time purges (per database and schema). */
const PURGE_LOCK = 'selgeo:retention-purge:attribution';

/** What a purge removed, by what it is. */
export interface PurgeReport {
  stripeEvents: number;
  unattributedInvoices: number;
  unattributedCheckoutSessions: number;
  webhookDeliveries: number;
  paymentLinks: number;
}

/** One kind of row with a retention: its table and the column its age is counted from. */
interface Sweep {
  kind: keyof PurgeReport;
  table: string;
  agedBy: string;
  retentionDays: (s: RetentionSettings) => number;
}

const SWEEPS: Sweep[] = [
  // Nothing references a ledger row: conversions name their event by id only (source_event_id, no key).
  { kind: 'stripeEvents', table: 'stripe_events', agedBy: 'stripe_created_at', retentionDays: (s) => s.STRIPE_EVENT_RETENTION_DAYS },
  { kind: 'unattributedInvoices', table: 'unattributed_invoices', agedBy: 'occurred_at', retentionDays: (s) => s.UNATTRIBUTED_INVOICE_RETENTION_DAYS },
  // Kept for the same reason as invoices (a late Conversion API report of the sale), for as long.
  {
    kind: 'unattributedCheckoutSessions',
    table: 'unattributed_checkout_sessions',
    agedBy: 'occurred_at',
    retentionDays: (s) => s.UNATTRIBUTED_INVOICE_RETENTION_DAYS,
  },
  // A pending delivery, however old, has no completed_at (it is cleared whenever one is reopened), so it
  // never goes; a finished one's attempts go with it (ON DELETE CASCADE).
  { kind: 'webhookDeliveries', table: 'webhook_deliveries', agedBy: 'completed_at', retentionDays: (s) => s.WEBHOOK_DELIVERY_RETENTION_DAYS },
  // A payment's link to its sale is read when its money comes back: a refund or a dispute comes within
  // months of the sale (card disputes within about 120 days), as long as the ledger keeps the sale's event.
  { kind: 'paymentLinks', table: 'payment_links', agedBy: 'created_at', retentionDays: (s) => s.STRIPE_EVENT_RETENTION_DAYS },
];

export interface RetentionPurgeOptions {
  batchSize?: number;
  now?: () => Date;
}

/**
 * Removes what is past its retention (RetentionSettings): the Stripe event ledger, unattributed
 * invoices, finished webhook deliveries with their attempts. Every replica runs it periodically;
 * a session advisory lock lets one at a time through, and the others skip that round. Rows go in
 * batches, each its own statement, so the purge never holds a long transaction or waits on a row a
 * decision has locked (SKIP LOCKED: that row goes in a later round).
 */
export class RetentionPurge implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Retention');
  private readonly batchSize: number;
  private readonly now: () => Date;
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: RetentionSettings,
    options: RetentionPurgeOptions = {},
  ) {
    this.batchSize = options.batchSize ?? DEFAULT_BATCH;
    this.now = options.now ?? (() => new Date());
  }

  onApplicationBootstrap(): void {
    this.schedule(Math.min(FIRST_PURGE_DELAY_MS, this.settings.RETENTION_PURGE_INTERVAL_MINUTES * 60_000));
  }

  /** Before the database closes (TypeORM closes it on application shutdown): no round may start or run on after it. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One purge; null when another purge (this replica's or another's) holds the lock. */
  async purgeOnce(): Promise<PurgeReport | null> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = returnedRows<{ locked: boolean }>(
        await runner.query(`SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked`, [PURGE_LOCK]),
      );
      if (!locked) return null;
      try {
        return await this.sweepAll(runner);
      } finally {
        await runner.query(`SELECT pg_advisory_unlock(hashtextextended($1, 0))`, [PURGE_LOCK]);
      }
    } finally {
      await runner.release();
    }
  }

  private async sweepAll(runner: QueryRunner): Promise<PurgeReport> {
    const now = this.now();
    const report: PurgeReport = { stripeEvents: 0, unattributedInvoices: 0, unattributedCheckoutSessions: 0, webhookDeliveries: 0, paymentLinks: 0 };
    for (const sweep of SWEEPS) {
      const days = sweep.retentionDays(this.settings);
      if (days === 0) continue;
      report[sweep.kind] = await this.sweep(runner, sweep, new Date(now.getTime() - days * DAY_MS));
    }
    return report;
  }

  /** Removes one kind's rows older than `before`, a batch per statement, until a batch comes back short. */
  private async sweep(runner: QueryRunner, sweep: Sweep, before: Date): Promise<number> {
    // By ctid, so each batch is a TID scan of rows just found through the age index; the age is
    // checked again on the row deleted, in case it changed (a delivery reopened) since it was found.
    const past = `${sweep.agedBy} < $1`;
    const statement = `WITH gone AS (
         DELETE FROM attribution.${sweep.table}
          WHERE ctid = ANY (ARRAY(SELECT ctid FROM attribution.${sweep.table} WHERE ${past} LIMIT $2 FOR UPDATE SKIP LOCKED)) AND ${past}
          RETURNING 1
       )
       SELECT count(*)::int AS n FROM gone`;
    let removed = 0;
    for (;;) {
      const [{ n }] = returnedRows<{ n: number }>(await runner.query(statement, [before, this.batchSize]));
      removed += n;
      if (n < this.batchSize || this.stopped) return removed;
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    // One chain of timers, however often the app bootstraps (a hybrid app does so once per part).
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.purgeAndLog().finally(() => this.schedule(this.settings.RETENTION_PURGE_INTERVAL_MINUTES * 60_000));
    }, delayMs);
    this.timer.unref();
  }

  private async purgeAndLog(): Promise<void> {
    try {
      const report = await this.purgeOnce();
      if (!report) return this.logger.debug({ msg: 'retention purge skipped: another replica is purging' });
      const removed = (Object.keys(report) as Array<keyof PurgeReport>).reduce((sum, kind) => sum + report[kind], 0);
      if (removed > 0) this.logger.log({ msg: 'retention purge removed rows past their retention', ...report });
      else this.logger.debug({ msg: 'retention purge found nothing past its retention' });
    } catch (err) {
      // The next round tries again; nothing is half-done, every batch is its own transaction.
      this.logger.warn({ msg: 'retention purge failed', error: (err as Error).message });
    }
  }
}
