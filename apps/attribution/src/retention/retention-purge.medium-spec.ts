import { Logger } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations } from '@app/persistence';
import { createDatabase, dropDatabase } from '../../../../scripts/create-database';
import { TEST_DATABASE_URL } from '../../../../test/support/test-env';
import { attributionMigrations } from '../migrations';
import { loadAttributionConfig } from '../config';
import { PurgeReport, RetentionPurge } from './retention-purge';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** Each kind has its own retention, all different from the defaults, so a purge that mixes them up removes the wrong rows. */
const settings = loadAttributionConfig({
  WEBHOOK_SECRETS_KEY: Buffer.alloc(32, 7).toString('base64'),
  STRIPE_EVENT_RETENTION_DAYS: '150',
  UNATTRIBUTED_INVOICE_RETENTION_DAYS: '20',
  WEBHOOK_DELIVERY_RETENTION_DAYS: '10',
});
/** Small batches, so every purge below takes several statements per table. */
const BATCH = 7;

/** A row's name and its age; the age says whether it is past its retention. */
interface Aged {
  id: string;
  ageMs: number;
}

/** Ages around a retention: well past, just past, just within, well within, new; `extraPast` more rows past it. */
function agesAround(retentionDays: number, prefix: string, extraPast: number): Aged[] {
  const r = retentionDays * DAY_MS;
  const ages = [r + 30 * DAY_MS, r + MINUTE_MS, r - MINUTE_MS, r - DAY_MS, 0];
  for (let i = 0; i < extraPast; i++) ages.push(r + (i + 1) * 3 * MINUTE_MS);
  return ages.map((ageMs, i) => ({ id: `${prefix}_${i}`, ageMs }));
}

/**
 * The retention purge against the real PostgreSQL, in a database of its own: the purge works on
 * whole tables, and the services other suites run would purge the shared one by their own settings.
 */
describe('RetentionPurge against PostgreSQL', () => {
  const database = `selgeo_retention_${randomBytes(4).toString('hex')}`;
  const url = Object.assign(new URL(TEST_DATABASE_URL), { pathname: `/${database}` }).toString();
  const now = new Date();
  const at = (ageMs: number) => new Date(now.getTime() - ageMs);
  const dataSources: DataSource[] = [];

  async function connect(name: string): Promise<DataSource> {
    const options = { url, schema: 'attribution', poolSize: 2, entities: [], migrations: attributionMigrations, applicationName: name };
    const ds = new DataSource(dataSourceOptions(options));
    await ds.initialize();
    dataSources.push(ds);
    return ds;
  }

  let db: DataSource;
  let endpointId: string;
  const purger = (ds: DataSource, retention = settings) => new RetentionPurge(ds, retention, { batchSize: BATCH, now: () => now });
  const nothing: PurgeReport = { stripeEvents: 0, unattributedInvoices: 0, unattributedCheckoutSessions: 0, webhookDeliveries: 0, paymentLinks: 0 };

  beforeAll(async () => {
    Logger.overrideLogger(false);
    await createDatabase(url);
    db = await connect('retention-purge-medium-spec');
    await runMigrations(db, 'attribution');
  });

  afterAll(async () => {
    for (const ds of dataSources) await ds.destroy();
    await dropDatabase(url);
  });

  beforeEach(async () => {
    await db.query(
      `TRUNCATE attribution.stripe_events, attribution.unattributed_invoices, attribution.unattributed_checkout_sessions, attribution.webhook_endpoints, attribution.conversions CASCADE`,
    );
    endpointId = randomUUID();
    await db.query(
      `INSERT INTO attribution.webhook_endpoints (id, workspace_id, mode, url, enabled_events, secret)
       VALUES ($1, 'ws_retention', 'live', 'https://example.com/hook', '{*}', 'whsec_x')`,
      [endpointId],
    );
  });

  /** Ledger rows aged by their creation at Stripe; every one was processed just now, so that age cannot stand in for it. */
  async function ledger(rows: Aged[]): Promise<void> {
    await db.query(
      `INSERT INTO attribution.stripe_events (workspace_id, event_id, mode, type, outcome, stripe_created_at, processed_at)
       SELECT 'ws_retention', id, 'live', 'invoice.paid', 'no_signal', created, now() FROM unnest($1::text[], $2::timestamptz[]) AS r(id, created)`,
      [rows.map((r) => r.id), rows.map((r) => at(r.ageMs))],
    );
  }

  async function unattributed(rows: Aged[]): Promise<void> {
    await db.query(
      `INSERT INTO attribution.unattributed_invoices (workspace_id, mode, stripe_invoice_id, stripe_customer_id, amount_cents, occurred_at, source_event_id)
       SELECT 'ws_retention', 'live', id, 'cus_1', 900, occurred, 'evt_' || id FROM unnest($1::text[], $2::timestamptz[]) AS r(id, occurred)`,
      [rows.map((r) => r.id), rows.map((r) => at(r.ageMs))],
    );
  }

  async function unattributedSessions(rows: Aged[]): Promise<void> {
    await db.query(
      `INSERT INTO attribution.unattributed_checkout_sessions (workspace_id, mode, stripe_checkout_session_id, stripe_customer_id, amount_cents, occurred_at, source_event_id)
       SELECT 'ws_retention', 'live', id, 'cus_1', 900, occurred, 'evt_' || id FROM unnest($1::text[], $2::timestamptz[]) AS r(id, occurred)`,
      [rows.map((r) => r.id), rows.map((r) => at(r.ageMs))],
    );
  }

  /** Finished deliveries aged by when they finished, each with two attempts. */
  async function finishedDeliveries(rows: Aged[], status: 'succeeded' | 'failed'): Promise<void> {
    await db.query(
      `WITH d AS (
         INSERT INTO attribution.webhook_deliveries (id, endpoint_id, workspace_id, mode, event_id, event_type, body, status, created_at, completed_at)
         SELECT gen_random_uuid(), $1, 'ws_retention', 'live', id, 'conversion.created', '{}', $2, finished - interval '1 hour', finished
           FROM unnest($3::text[], $4::timestamptz[]) AS r(id, finished)
         RETURNING id, completed_at
       )
       INSERT INTO attribution.webhook_delivery_attempts (delivery_id, attempted_at, duration_ms, status_code)
       SELECT d.id, d.completed_at - n * interval '1 minute', 12, 500 FROM d, generate_series(0, 1) AS n`,
      [endpointId, status, rows.map((r) => r.id), rows.map((r) => at(r.ageMs))],
    );
  }

  /** Deliveries still being retried: created long ago, never finished. */
  async function pendingDeliveries(ids: string[]): Promise<void> {
    await db.query(
      `INSERT INTO attribution.webhook_deliveries (id, endpoint_id, workspace_id, mode, event_id, event_type, body, status, created_at, next_attempt_at)
       SELECT gen_random_uuid(), $1, 'ws_retention', 'live', id, 'conversion.created', '{}', 'pending', now() - interval '400 days', now()
         FROM unnest($2::text[]) AS id`,
      [endpointId, ids],
    );
  }

  async function remaining(): Promise<{ ledger: string[]; unattributed: string[]; sessions: string[]; deliveries: string[]; attempts: number }> {
    const ids = async (sql: string) => (await db.query<Array<{ id: string }>>(sql)).map((r) => r.id).sort();
    return {
      ledger: await ids(`SELECT event_id AS id FROM attribution.stripe_events`),
      unattributed: await ids(`SELECT stripe_invoice_id AS id FROM attribution.unattributed_invoices`),
      sessions: await ids(`SELECT stripe_checkout_session_id AS id FROM attribution.unattributed_checkout_sessions`),
      deliveries: await ids(`SELECT event_id AS id FROM attribution.webhook_deliveries`),
      attempts: Number((await db.query(`SELECT count(*) AS n FROM attribution.webhook_delivery_attempts`))[0].n),
    };
  }

  /** Seeds every kind around its retention; returns the rows that must stay and how many must go. */
  async function seed(extraPast: number): Promise<{ kept: Awaited<ReturnType<typeof remaining>>; past: PurgeReport }> {
    const events = agesAround(settings.STRIPE_EVENT_RETENTION_DAYS, 'evt', extraPast);
    const invoices = agesAround(settings.UNATTRIBUTED_INVOICE_RETENTION_DAYS, 'in', extraPast);
    const sessions = agesAround(settings.UNATTRIBUTED_INVOICE_RETENTION_DAYS, 'cs', 0);
    const succeeded = agesAround(settings.WEBHOOK_DELIVERY_RETENTION_DAYS, 'ok', extraPast);
    const failed = agesAround(settings.WEBHOOK_DELIVERY_RETENTION_DAYS, 'failed', 0);
    const pending = ['pending_0', 'pending_1'];
    await ledger(events);
    await unattributed(invoices);
    await unattributedSessions(sessions);
    await finishedDeliveries(succeeded, 'succeeded');
    await finishedDeliveries(failed, 'failed');
    await pendingDeliveries(pending);
    const within = (rows: Aged[], days: number) => rows.filter((r) => r.ageMs < days * DAY_MS).map((r) => r.id);
    const keptDeliveries = [...within(succeeded, settings.WEBHOOK_DELIVERY_RETENTION_DAYS), ...within(failed, settings.WEBHOOK_DELIVERY_RETENTION_DAYS)];
    const kept = {
      ledger: within(events, settings.STRIPE_EVENT_RETENTION_DAYS).sort(),
      unattributed: within(invoices, settings.UNATTRIBUTED_INVOICE_RETENTION_DAYS).sort(),
      sessions: within(sessions, settings.UNATTRIBUTED_INVOICE_RETENTION_DAYS).sort(),
      deliveries: [...keptDeliveries, ...pending].sort(),
      attempts: keptDeliveries.length * 2,
    };
    const past = {
      stripeEvents: events.length - kept.ledger.length,
      unattributedInvoices: invoices.length - kept.unattributed.length,
      unattributedCheckoutSessions: sessions.length - kept.sessions.length,
      webhookDeliveries: succeeded.length + failed.length - keptDeliveries.length,
      paymentLinks: 0, // none seeded here; the links' own sweep is the same statement on another table
    };
    return { kept, past };
  }

  it('removes exactly the rows past each retention, in batches, and nothing younger', async () => {
    const { kept, past } = await seed(20);
    expect(past).toEqual({ stripeEvents: 22, unattributedInvoices: 22, unattributedCheckoutSessions: 2, webhookDeliveries: 24, paymentLinks: 0 });

    const report = await purger(db).purgeOnce();

    expect(report).toEqual(past);
    expect(await remaining()).toEqual(kept);
    // A second purge finds nothing more.
    expect(await purger(db).purgeOnce()).toEqual(nothing);
  });

  it('keeps the ledger and finished deliveries forever when their retention is 0', async () => {
    const { kept } = await seed(3);
    const before = await remaining();
    const forever = { ...settings, STRIPE_EVENT_RETENTION_DAYS: 0, WEBHOOK_DELIVERY_RETENTION_DAYS: 0 };

    const report = await purger(db, forever).purgeOnce();

    expect(report).toEqual({ stripeEvents: 0, unattributedInvoices: 5, unattributedCheckoutSessions: 2, webhookDeliveries: 0, paymentLinks: 0 });
    expect(await remaining()).toEqual({ ...before, unattributed: kept.unattributed, sessions: kept.sessions });
  });

  it('skips the round while another purge holds the lock, and purges once it is free', async () => {
    const { kept, past } = await seed(2);
    const before = await remaining();
    const other = new Client({ connectionString: url });
    await other.connect();
    try {
      const [{ locked }] = (await other.query(`SELECT pg_try_advisory_lock(hashtextextended('selgeo:retention-purge:attribution', 0)) AS locked`)).rows;
      expect(locked).toBe(true);
      expect(await purger(db).purgeOnce()).toBeNull();
      expect(await remaining()).toEqual(before);
    } finally {
      await other.end();
    }
    expect(await purger(db).purgeOnce()).toEqual(past);
    expect(await remaining()).toEqual(kept);
  });

  it('leaves a row a decision holds locked for a later round instead of waiting for it', async () => {
    const { kept, past } = await seed(2);
    const decision = new Client({ connectionString: url });
    await decision.connect();
    try {
      await decision.query('BEGIN');
      // The oldest unattributed invoice, as a binding taking it as a renewal would hold it.
      await decision.query(`SELECT 1 FROM attribution.unattributed_invoices WHERE stripe_invoice_id = 'in_0' FOR UPDATE`);

      const report = await purger(db).purgeOnce();

      expect(report).toEqual({ ...past, unattributedInvoices: past.unattributedInvoices - 1 });
      expect((await remaining()).unattributed).toEqual(['in_0', ...kept.unattributed]);
      await decision.query('COMMIT');
    } finally {
      await decision.end();
    }
    expect(await purger(db).purgeOnce()).toEqual({ ...nothing, unattributedInvoices: 1 });
    expect(await remaining()).toEqual(kept);
  });

  it('with two replicas purging at once, removes each row past its retention once and nothing younger', async () => {
    const { kept, past } = await seed(150);
    const replicas = [await connect('retention-purge-replica-a'), await connect('retention-purge-replica-b')];
    const purges = replicas.map((ds) => purger(ds));

    const reports = await Promise.all(purges.map((p) => p.purgeOnce()));

    const done = reports.filter((r): r is PurgeReport => r !== null);
    const total = (kind: keyof PurgeReport) => done.reduce((sum, r) => sum + r[kind], 0);
    const kinds = Object.keys(past) as Array<keyof PurgeReport>;
    expect(Object.fromEntries(kinds.map((kind) => [kind, total(kind)]))).toEqual(past);
    expect(await remaining()).toEqual(kept);
  });
});
