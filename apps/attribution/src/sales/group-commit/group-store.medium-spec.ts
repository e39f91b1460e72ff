import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AttributionDatabase, attributionDatabase } from '../../../../../test/support/attribution-database';
import { analyzeChangedTables } from '@app/persistence';
import { GroupStore } from './group-store';

const TABLES = ['conversions', 'stripe_events', 'customer_bindings', 'unattributed_invoices', 'clicks', 'promo_codes'];

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Parent Relationship'?: string;
  'Index Cond'?: string;
  'Recheck Cond'?: string;
  Filter?: string;
  Plans?: PlanNode[];
}

function* walk(node: PlanNode): Generator<PlanNode> {
  yield node;
  for (const child of node.Plans ?? []) yield* walk(child);
}

function onlyTenantColumns(cond: string): boolean {
  return cond
    .split(' AND ')
    .map((term) => term.replace(/^\(+/, ''))
    .every((term) => /^(\w+\.)?(workspace_id|mode) = /.test(term));
}

/** What is wrong with a plan for a statement run once per group, whatever the size of the tables. */
function problemsOf(plan: PlanNode): string[] {
  const problems: string[] = [];
  for (const node of walk(plan)) {
    if (!node['Relation Name'] || !TABLES.includes(node['Relation Name'])) continue;
    const where = `${node['Node Type']} on ${node['Relation Name']}`;
    if (node['Node Type'] === 'Seq Scan') problems.push(`${where}: reads the whole table`);
    const cond = node['Index Cond'] ?? node['Recheck Cond'];
    if (node['Node Type'].includes('Index') && !cond) problems.push(`${where}: walks the whole index`);
    // Driven by the group's arrays: an inner side probed per array row, or an outer side bounded by `= ANY`.
    if (node['Parent Relationship'] === 'Outer' && !/ANY/.test(cond ?? '')) problems.push(`${where}: outer side of a join, not bounded by the group's keys`);
    // The workspace and mode alone find every row of a merchant: the probe must use a key of the row.
    if (cond && onlyTenantColumns(cond)) problems.push(`${where}: finds rows by workspace and mode only (${cond})`);
  }
  return problems;
}

/** The plans PostgreSQL really runs for one group's claim, read and write, reported by auto_explain. */
async function plansOfOneGroup(dataSource: DataSource): Promise<Array<{ statement: string; plan: PlanNode }>> {
  const store = new GroupStore(dataSource);
  const plans: Array<{ statement: string; plan: PlanNode }> = [];
  await store.transaction(async (db) => {
    const client = (await db.queryRunner!.connect()) as Client;
    client.on('notice', (notice) => {
      if (!notice.message?.startsWith('duration:')) return;
      const report = JSON.parse(notice.message.slice(notice.message.indexOf('{'))) as { 'Query Text': string; Plan: PlanNode };
      plans.push({ statement: report['Query Text'].trim().slice(0, 60), plan: report.Plan });
    });
    await db.query(`LOAD 'auto_explain'`);
    await db.query(`SET LOCAL auto_explain.log_min_duration = 0`);
    await db.query(`SET LOCAL auto_explain.log_format = 'json'`);
    await db.query(`SET LOCAL auto_explain.log_level = 'notice'`);

    const ws = 'ws_plans';
    await store.lockAndClaim(
      db,
      [`${ws}:test:cus_1`],
      [{ workspaceId: ws, mode: 'test', eventId: 'evt_1', type: 'invoice.paid', stripeCreatedAt: new Date() }],
    );
    await store.load(
      db,
      [{ workspaceId: ws, mode: 'test', customerIds: ['cus_1'], checkoutSessionIds: ['cs_1'], invoiceIds: ['in_1'], clickIds: [], promoCodes: ['SPRING'] }],
      new Date(),
    );
    await store.write(db, {
      newConversions: [],
      settledConversions: [],
      newBindings: [],
      keptInvoices: [],
      keptSessions: [],
      takenInvoices: [],
      settledEvents: [],
      outbox: [],
    });
  });

  return plans;
}

/** A database of its own for the describe block that calls it (a connection's generic plans must not carry over): migrated before its tests, dropped after. */
function ownDatabase(name: string): AttributionDatabase {
  const database = attributionDatabase(name);
  beforeAll(() => database.setUp());
  afterAll(() => database.tearDown());
  return database;
}

/**
 * The group statements' plans on a new database: empty tables that were never analysed, as after an
 * install (or with autovacuum off, as on the CI machine). PostgreSQL makes a generic plan once per
 * connection and keeps it while the tables grow, so a plan that reads whole tables when they are
 * empty goes on reading them at a million rows. Each statement must probe the tables by the
 * group's keys. The plans are the ones PostgreSQL really runs, reported by auto_explain.
 */
describe('GroupStore statements on an empty, never analysed database', () => {
  const database = ownDatabase('plans');

  it('claims, reads and writes a group by index probes only', async () => {
    const plans = await plansOfOneGroup(database.dataSource);

    // The claim is planned before it switches the transaction to these plans; the read and the write after.
    expect(plans.map((p) => p.statement)).toEqual([
      expect.stringMatching(/^WITH locks AS/),
      expect.stringMatching(/^WITH by_session AS/),
      expect.stringMatching(/^WITH new_conversions AS/),
    ]);
    for (const { statement, plan } of plans) expect({ statement, problems: problemsOf(plan) }).toEqual({ statement, problems: [] });
  });
});

/**
 * The same statements once a drain has grown the tables. Never analysed, a grown `conversions` makes
 * a lookup by invoice cost the same through its unique index as through the partner listing's
 * `(workspace_id, mode, ...)` one, and a connection that plans then may take the listing index and walk
 * the whole workspace for every invoice. The service analyses its changed tables (TableStatisticsSweep),
 * after which the probes are by the group's keys again.
 */
describe('GroupStore statements on grown tables that the service analysed', () => {
  const database = ownDatabase('grown_plans');

  it('probes conversions by their Stripe ids, not by workspace and mode', async () => {
    // 100,000 conversions of the workspace, as a drain of 10,000 customers leaves them.
    await database.dataSource.query(
      `INSERT INTO attribution.conversions (id, workspace_id, mode, partner_id, kind, source, event_type, status, amount_cents, currency,
                                            stripe_customer_id, stripe_invoice_id, source_event_id, occurred_at)
       SELECT gen_random_uuid(), 'ws_plans', 'test', gen_random_uuid(), CASE WHEN i % 10 = 0 THEN 'initial' ELSE 'renewal' END, 'stripe',
              'invoice.paid', 'converted', 4900, 'usd', 'cus_' || (i / 10), 'in_' || i, 'evt_' || i, now()
         FROM generate_series(1, 100000) AS i`,
    );
    expect(await analyzeChangedTables(database.dataSource, 'attribution')).toContain('conversions');

    for (const { statement, plan } of await plansOfOneGroup(database.dataSource))
      expect({ statement, problems: problemsOf(plan) }).toEqual({ statement, problems: [] });
  });
});
