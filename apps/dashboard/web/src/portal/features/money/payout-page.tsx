import { DataTable, type Column } from '../../../shared/data-table';
import { formatDate, formatMoney } from '../../../shared/money';
import { Link } from '../../../shared/router';
import { Card, Details, ErrorNote, Loading, PageHeader, ShortId, StatusBadge } from '../../../shared/ui';
import { usePortal } from '../../api';
import { portalPath } from '../../router';
import type { PortalPayout } from './types';

type Line = NonNullable<PortalPayout['lines']>[number];

/** One payout with its lines: the commissions it pays and the adjustments (money owed back) it settles. */
export default function PayoutPage({ id }: { id: string }) {
  const payout = usePortal<PortalPayout>(`/payouts/${encodeURIComponent(id)}`);
  const p = payout.data;
  const columns: Array<Column<Line>> = [
    { header: 'Line', cell: (l) => (l.type === 'commission' ? 'Commission' : 'Adjustment') },
    { header: 'Id', cell: (l) => <ShortId id={l.commission_id ?? l.adjustment_id} /> },
    { header: 'Amount', className: 'num', cell: (l) => formatMoney(l.amount_cents, p?.currency) },
  ];
  return (
    <>
      <PageHeader title="Payout">
        <Link className="button" to={portalPath('/money')}>
          Back to money
        </Link>
      </PageHeader>
      <ErrorNote error={payout.error} prefix="This payout could not be loaded" />
      {payout.isPending ? <Loading what="the payout" /> : null}
      {p ? (
        <>
          <Card>
            <Details
              rows={[
                ['Amount', formatMoney(p.amount_cents, p.currency)],
                ['Status', <StatusBadge key="s" status={p.status} />],
                ['Created', formatDate(p.created_at)],
                ['Paid', formatDate(p.paid_at)],
                ['Payment reference', p.reference],
                ['Period', p.period_start && p.period_end ? `${formatDate(p.period_start)} – ${formatDate(p.period_end)}` : null],
              ]}
            />
          </Card>
          <Card title="Lines">
            <DataTable
              caption="The lines of this payout"
              columns={columns}
              rows={p.lines ?? []}
              rowKey={(l) => `${l.type}:${l.commission_id ?? l.adjustment_id}`}
              query={payout}
              what="lines"
              empty={<p className="muted">This payout has no lines.</p>}
            />
          </Card>
        </>
      ) : null}
    </>
  );
}
