import { DataSource } from 'typeorm';
import { attributionDatabase } from '../../../../test/support/attribution-database';
import { unattributedInvoicesKeptFrom } from './unattributed-invoice-window';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  'Actual Rows': number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  Plans?: PlanNode[];
}

function* walk(node: PlanNode): Generator<PlanNode> {
  yield node;
  for (const child of node.Plans ?? []) yield* walk(child);
}

/**
 * What an event pays to read its customer's unattributed invoices once the stores read only the
 * retention's window: the rows of that window, whatever the customer's history or the merchant's
 * size. A customer billed daily for three years (never purged, as between two purges of a large
 * backlog) among many customers billed in the window; the read must reach the window's rows through
 * the index alone, none read and thrown away.
 */
describe('the window of a customer unattributed invoices, in PostgreSQL', () => {
  const database = attributionDatabase('window');
  let db: DataSource;

  beforeAll(async () => {
    db = await database.setUp();
    await db.query(
      `INSERT INTO attribution.unattributed_invoices (workspace_id, mode, stripe_invoice_id, stripe_customer_id, amount_cents, occurred_at, source_event_id)
       SELECT 'ws_window', 'live', 'in_long_' || d, 'cus_long', 900, now() - d * interval '1 day' + interval '1 hour', 'evt_long_' || d
         FROM generate_series(0, 1094) AS d
       UNION ALL
       SELECT 'ws_window', 'live', 'in_' || c || '_' || d, 'cus_' || c, 900, now() - d * interval '1 day', 'evt_' || c || '_' || d
         FROM generate_series(1, 400) AS c, generate_series(0, 40) AS d`,
    );
    await db.query(`ANALYZE attribution.unattributed_invoices`);
  });

  afterAll(() => database.tearDown());

  it('reads only the invoices of the window, by one index probe', async () => {
    const keptFrom = unattributedInvoicesKeptFrom(45);
    const [{ n: inWindow }] = await db.query(
      `SELECT count(*)::int AS n FROM attribution.unattributed_invoices WHERE stripe_customer_id = 'cus_long' AND occurred_at >= $1`,
      [keptFrom],
    );
    const [
      {
        'QUERY PLAN': [report],
      },
    ] = await db.query(
      `EXPLAIN (ANALYZE, FORMAT JSON) SELECT * FROM attribution.unattributed_invoices
        WHERE stripe_customer_id = $1 AND workspace_id = $2 AND mode = $3 AND occurred_at >= $4`,
      ['cus_long', 'ws_window', 'live', keptFrom],
    );
    const scans = [...walk(report.Plan as PlanNode)].filter((n) => n['Relation Name'] === 'unattributed_invoices' || n['Index Name']);

    // Today's and the 45 days' before it: paid an hour after each day's cut-off.
    expect(inWindow).toBe(46);
    expect(scans.map((n) => n['Index Name']).filter(Boolean)).toEqual(['unattributed_invoices_by_customer_window']);
    for (const node of scans) {
      const removed = (node['Rows Removed by Filter'] ?? 0) + (node['Rows Removed by Index Recheck'] ?? 0);
      expect({ node: node['Node Type'], removed, rows: node['Actual Rows'] }).toEqual({ node: node['Node Type'], removed: 0, rows: inWindow });
    }
  });
});
