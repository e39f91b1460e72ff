import type { Column } from '../../../shared/data-table';
import { formatDate, formatMoney } from '../../../shared/money';
import { Link } from '../../../shared/router';
import { CopyField, EmptyState, PageHeader, StatusBadge } from '../../../shared/ui';
import { usePortal } from '../../api';
import { PortalTable } from '../../list';
import { portalPath } from '../../router';
import type { PortalLinks } from '../links/types';

/** What the portal shows of a sale: never the buyer (no email, no Stripe ids), only what the partner needs to follow it. */
interface PortalConversion {
  id: string;
  order_reference: string;
  kind: string;
  status: string;
  amount_cents: number;
  currency: string;
  refunded_amount_cents: number;
  referral_token: string | null;
  promo_code: string | null;
  occurred_at: string;
}

/** A partner reads "first sale" or "renewal" (of a subscription), not the API's kind. */
const SALE_KINDS: Record<string, string> = { initial: 'First sale', renewal: 'Renewal' };

export default function ConversionsPage() {
  const links = usePortal<PortalLinks>('/links');
  const labels = new Map((links.data?.referral_links ?? []).map((l) => [l.token, l.label ?? l.token]));
  const columns: Array<Column<PortalConversion>> = [
    { header: 'Order reference', cell: (c) => <CopyField value={c.order_reference} label="Copy reference" /> },
    {
      header: 'Through',
      cell: (c) =>
        c.referral_token ? (
          <>Link {labels.get(c.referral_token) ?? c.referral_token}</>
        ) : c.promo_code ? (
          <>
            Promo code <code>{c.promo_code}</code>
          </>
        ) : (
          '—'
        ),
    },
    { header: 'Sale', cell: (c) => SALE_KINDS[c.kind] ?? c.kind.replace(/_/g, ' ') },
    { header: 'Status', cell: (c) => <StatusBadge status={c.status} /> },
    {
      header: 'Amount',
      className: 'num',
      cell: (c) => (
        <>
          {formatMoney(c.amount_cents, c.currency)}
          {c.refunded_amount_cents > 0 ? <span className="muted small"> ({formatMoney(c.refunded_amount_cents, c.currency)} refunded)</span> : null}
        </>
      ),
    },
    { header: 'Date', cell: (c) => formatDate(c.occurred_at) },
  ];
  return (
    <>
      <PageHeader title="Conversions" />
      <p className="muted">Sales credited to you, newest first. Quote the order reference to the merchant if you have a question about one.</p>
      <PortalTable
        path="/conversions"
        caption="Your conversions, newest first"
        what="conversions"
        idAttribute="data-conversion-id"
        columns={columns}
        empty={
          <EmptyState title="No conversions yet">
            <p>
              A sale made through one of <Link to={portalPath('/')}>your links</Link> or promo codes shows here as soon as the merchant&apos;s Stripe reports
              it.
            </p>
          </EmptyState>
        }
      />
    </>
  );
}
