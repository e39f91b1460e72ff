import { attributionDatabase } from '../../../test/support/attribution-database';
import { bindingRows, clickRows } from './attribution-transaction';
import { conversionRows } from './conversions/conversion-record';
import { unattributedInvoiceRows, unattributedSessionRows } from './unattributed-sales';
import { keptMoneyBackRows } from './money-back/kept-money-back';

/**
 * Each hand-written mapping against the table its migrations make: a column added by a migration
 * and not to the mapping (or the other way round) fails here. The columns left out are the ones
 * PostgreSQL fills itself.
 */
describe('row mappings against the migrated tables', () => {
  const db = attributionDatabase('row_mappings');
  beforeAll(() => db.setUp());
  afterAll(() => db.tearDown());

  const columnsOf = async (table: string) =>
    (
      await db.dataSource.query<Array<{ column_name: string }>>(
        `SELECT column_name FROM information_schema.columns WHERE table_schema = 'attribution' AND table_name = $1`,
        [table],
      )
    )
      .map((r) => r.column_name)
      .sort();

  it.each([
    { table: 'conversions', mapped: conversionRows.columns, filledByDatabase: ['updated_at'] },
    { table: 'unattributed_invoices', mapped: ['workspace_id', 'mode', ...unattributedInvoiceRows.columns], filledByDatabase: [] },
    { table: 'unattributed_checkout_sessions', mapped: ['workspace_id', 'mode', ...unattributedSessionRows.columns], filledByDatabase: [] },
    { table: 'customer_bindings', mapped: bindingRows.columns, filledByDatabase: ['created_at'] },
    // The sweep's schedule (ApplyKeptMoneyBackUseCase) is the database's own.
    { table: 'kept_money_back', mapped: ['workspace_id', 'mode', ...keptMoneyBackRows.columns], filledByDatabase: ['check_after', 'checks'] },
    { table: 'clicks', mapped: clickRows.columns, filledByDatabase: [] },
  ])('$table: every column is mapped', async ({ table, mapped, filledByDatabase }) => {
    expect(await columnsOf(table)).toEqual([...mapped, ...filledByDatabase].sort());
  });
});
