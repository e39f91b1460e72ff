import { useState } from 'react';
import { DataTable, type Column } from '../../shared/data-table';
import { useServiceMutation, useServicePage } from '../../shared/queries';
import { Link, pathIn, setQuery, useLocation } from '../../shared/router';
import { AnyOf, EmptyState, ErrorNote, Field, PageHeader, StatusBadge } from '../../shared/ui';
import { formatDate } from '../../shared/money';
import { NetAmount } from '../../shared/balance-cells';
import { NoteForm } from '../../shared/note-form';
import { partnerColumn } from '../partners/partner-name';
import { PartnerFilter } from '../partners/partner-filter';
import { Commission, COMMISSION_STATUSES, REVIEWABLE, VOIDABLE } from './types';
import { Balances } from './balances';

export default function CommissionsPage() {
  const { mode, query } = useLocation();
  const filters = { partner_id: query.get('partner_id') || undefined, status: query.get('status') || undefined, currency: query.get('currency') || undefined };
  const page = useServicePage<Commission>('/v1/commissions', filters);
  const columns: Array<Column<Commission>> = [
    { header: 'Created', cell: (c) => formatDate(c.created_at) },
    partnerColumn(mode),
    {
      header: 'Amount',
      className: 'num',
      cell: (c) => <NetAmount commission={c} />,
    },
    { header: 'Status', cell: (c) => <CommissionStatus commission={c} /> },
    { header: 'Sale', cell: (c) => <Link to={pathIn(mode, `/conversions/${c.conversion_id}`)}>Conversion</Link> },
    { header: 'Actions', cell: (c) => <CommissionActions commission={c} /> },
  ];
  return (
    <>
      <PageHeader title="Commissions">
        <Link className="button" to={pathIn(mode, '/payouts')}>
          Payouts
        </Link>
      </PageHeader>
      <Balances partnerIds={filters.partner_id ? [filters.partner_id] : [...new Set(page.rows.map((r) => r.partner_id))]} />
      <Filters key={query.toString()} />
      <DataTable
        caption="Commissions, newest first"
        columns={columns}
        what="commissions"
        empty={
          <EmptyState title="No commissions here">
            <p>
              Each attributed sale earns its partner a commission under your plan (Settings → Commission plan). It is pending for its hold period, then
              approved.
            </p>
          </EmptyState>
        }
        {...page}
      />
    </>
  );
}

function CommissionStatus({ commission: c }: { commission: Commission }) {
  const why = c.void_reason ?? c.reversal_reason ?? c.review_reason;
  return (
    <>
      <StatusBadge status={c.status} />
      {why ? <span className="muted small"> {why.replace(/_/g, ' ')}</span> : null}
      {c.status === 'pending' ? <span className="muted small"> until {formatDate(c.hold_ends_at)}</span> : null}
    </>
  );
}

function CommissionActions({ commission: c }: { commission: Commission }) {
  const [voiding, setVoiding] = useState(false);
  const reason = useState('');
  const approve = useServiceMutation('POST', () => `/v1/commissions/${c.id}/approve`);
  const voidIt = useServiceMutation<unknown, string>(
    'POST',
    () => `/v1/commissions/${c.id}/void`,
    (r) => ({ reason: r }),
  );
  return (
    <div className="actions">
      {REVIEWABLE.has(c.status) ? (
        <button type="button" className="button small" disabled={approve.isPending} onClick={() => approve.mutate(undefined)}>
          Approve
        </button>
      ) : null}
      {VOIDABLE.has(c.status) && !voiding ? (
        <button type="button" className="button small danger" onClick={() => setVoiding(true)}>
          Void…
        </button>
      ) : null}
      {voiding ? (
        <NoteForm
          label="Reason for voiding"
          note={reason}
          submitLabel="Void commission"
          tone="danger"
          closeLabel="Cancel"
          change={voidIt}
          onClose={() => setVoiding(false)}
        />
      ) : null}
      <ErrorNote error={approve.error} prefix="Not approved" />
      <ErrorNote error={voidIt.error} prefix="Not voided" />
    </div>
  );
}

function Filters() {
  const { query } = useLocation();
  const [partner, setPartner] = useState(query.get('partner_id') ?? '');
  const [status, setStatus] = useState(query.get('status') ?? '');
  const [currency, setCurrency] = useState(query.get('currency') ?? '');
  return (
    <form
      className="toolbar filters"
      aria-label="Filter commissions"
      onSubmit={(e) => {
        e.preventDefault();
        setQuery({ partner_id: partner, status, currency: currency.trim().toLowerCase() }, { replace: true });
      }}
    >
      <PartnerFilter value={partner} onChange={setPartner} />
      <AnyOf label="Status" value={status} onChange={setStatus} options={COMMISSION_STATUSES} optionLabel={(s) => s.replace(/_/g, ' ')} />
      <Field label="Currency">{(p) => <input {...p} value={currency} onChange={(e) => setCurrency(e.target.value)} placeholder="usd" size={5} />}</Field>
      <button type="submit" className="button">
        Apply filters
      </button>
    </form>
  );
}
