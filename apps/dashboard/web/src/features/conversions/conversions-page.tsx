import { Pager, usePager } from '../../shared/pager';
import { useServiceList } from '../../shared/queries';
import { Link, pathIn, useLocation } from '../../shared/router';
import { EmptyState, ErrorNote, Loading, PageHeader, StatusBadge } from '../../shared/ui';
import { formatDate, formatMoney } from '../../shared/money';
import { PartnerName } from '../partners/partner-name';
import { ConversionFilters, filterQuery } from './conversion-filters';
import { WhyNotAttributed } from './why-not-attributed';
import type { Conversion } from './types';

const PAGE_SIZE = 25;
/** New conversions appear without a reload: the first page is asked for again every few seconds. */
const REFRESH_MS = 3000;

export default function ConversionsPage() {
  const { mode, query } = useLocation();
  const filters = filterQuery(query);
  const pager = usePager(`${mode}:${JSON.stringify(filters)}`);
  const list = useServiceList<Conversion>(
    '/v1/conversions',
    { limit: PAGE_SIZE, starting_after: pager.startingAfter, ...filters },
    { refetchInterval: pager.page === 1 ? REFRESH_MS : undefined },
  );
  const rows = list.data?.data ?? [];
  const filtered = Object.values(filters).some(Boolean);
  return (
    <>
      <PageHeader title="Conversions" />
      <ConversionFilters key={query.toString()} />
      <ErrorNote error={list.error} prefix="Conversions could not be loaded" />
      {list.isPending ? <Loading what="conversions" /> : null}
      {list.data && rows.length === 0 ? (
        filtered ? (
          <EmptyState title="No conversion matches these filters." />
        ) : (
          <EmptyState title="No conversions yet">
            <p>
              A sale appears here, within seconds, when a Stripe checkout carries a click id. Follow <Link to={pathIn(mode, '/get-started')}>Get started</Link>,
              then buy through a partner&apos;s link with the test card 4242 4242 4242 4242.
            </p>
          </EmptyState>
        )
      ) : null}
      {rows.length > 0 ? (
        <table className="table" aria-live="polite">
          <caption className="visually-hidden">Conversions, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Created</th>
              <th scope="col">Partner</th>
              <th scope="col">Amount</th>
              <th scope="col">Status</th>
              <th scope="col">Kind</th>
              <th scope="col">Source</th>
              <th scope="col">Customer</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.id} data-conversion-id={c.id}>
                <td>
                  <Link to={pathIn(mode, `/conversions/${c.id}`)}>{formatDate(c.created_at)}</Link>
                </td>
                <td>
                  <PartnerName id={c.partner_id} />
                </td>
                <td className="num">{formatMoney(c.amount_cents, c.currency)}</td>
                <td>
                  <StatusBadge status={c.status} />
                </td>
                <td>{c.kind}</td>
                <td>{c.source === 'api' ? `API (${c.event_type})` : 'Stripe'}</td>
                <td>{c.customer_email ?? c.stripe.customer ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <Pager pager={pager} hasMore={list.data?.has_more} lastId={rows[rows.length - 1]?.id} />
      <WhyNotAttributed />
    </>
  );
}
