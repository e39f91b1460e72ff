import { DataTable, type Column } from '../../shared/data-table';
import { useServicePage } from '../../shared/queries';
import { Link, pathIn, useLocation } from '../../shared/router';
import { EmptyState, PageHeader, StatusBadge } from '../../shared/ui';
import { formatDate, formatMoney } from '../../shared/money';
import { PartnerName } from '../partners/partner-name';
import { ConversionFilters, filterQuery } from './conversion-filters';
import { WhyNotAttributed } from './why-not-attributed';
import type { Conversion } from './types';

/** New conversions appear without a reload: the first page is asked for again every few seconds. */
const REFRESH_MS = 3000;

export default function ConversionsPage() {
  const { mode, query } = useLocation();
  const filters = filterQuery(query);
  const page = useServicePage<Conversion>('/v1/conversions', filters, { firstPageRefetchInterval: REFRESH_MS });
  const filtered = Object.values(filters).some(Boolean);
  const columns: Array<Column<Conversion>> = [
    { header: 'Created', cell: (c) => <Link to={pathIn(mode, `/conversions/${c.id}`)}>{formatDate(c.created_at)}</Link> },
    { header: 'Partner', cell: (c) => <PartnerName id={c.partner_id} /> },
    { header: 'Amount', className: 'num', cell: (c) => formatMoney(c.amount_cents, c.currency) },
    { header: 'Status', cell: (c) => <StatusBadge status={c.status} /> },
    { header: 'Kind', cell: (c) => c.kind },
    { header: 'Source', cell: (c) => (c.source === 'api' ? `API (${c.event_type})` : 'Stripe') },
    { header: 'Customer', cell: (c) => c.customer_email ?? c.stripe.customer ?? '—' },
  ];
  return (
    <>
      <PageHeader title="Conversions" />
      <ConversionFilters key={query.toString()} />
      <DataTable
        caption="Conversions, newest first"
        live
        columns={columns}
        rowAttributes={(c) => ({ 'data-conversion-id': c.id })}
        what="conversions"
        empty={
          filtered ? (
            <EmptyState title="No conversion matches these filters." />
          ) : (
            <EmptyState title="No conversions yet">
              <p>
                A sale appears here, within seconds, when a Stripe checkout carries a click id. Follow{' '}
                <Link to={pathIn(mode, '/get-started')}>Get started</Link>, then buy through a partner&apos;s link with the test card 4242 4242 4242 4242.
              </p>
            </EmptyState>
          )
        }
        {...page}
      />
      <WhyNotAttributed />
    </>
  );
}
