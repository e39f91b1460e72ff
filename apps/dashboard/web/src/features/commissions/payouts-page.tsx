import { FormEvent, useState } from 'react';
import { apiPath, newIdempotencyKey } from '../../shared/api';
import { DataTable, type Column } from '../../shared/data-table';
import { useServiceMutation, useServicePage } from '../../shared/queries';
import { Link, pathIn, useLocation } from '../../shared/router';
import { AnyOf, Card, Done, EmptyState, ErrorNote, Field, PageHeader, Problem, StatusBadge } from '../../shared/ui';
import { formatDate, formatMoney, parseMoney } from '../../shared/money';
import { NoteForm } from '../../shared/note-form';
import { partnerColumn } from '../partners/partner-name';
import { PAYOUT_STATUSES, type Payout } from './types';

interface Batch {
  id: string;
  currency: string;
  payouts: Payout[];
}

export default function PayoutsPage() {
  const { mode } = useLocation();
  const [status, setStatus] = useState('');
  const page = useServicePage<Payout>('/v1/payouts', { status });
  const columns: Array<Column<Payout>> = [
    { header: 'Created', cell: (p) => formatDate(p.created_at) },
    partnerColumn(mode),
    {
      header: 'Amount',
      className: 'num',
      cell: (p) => (
        <>
          {formatMoney(p.amount_cents, p.currency)}{' '}
          <span className="muted small">
            ({p.line_count} line{p.line_count === 1 ? '' : 's'})
          </span>
        </>
      ),
    },
    {
      header: 'Status',
      cell: (p) => (
        <>
          <StatusBadge status={p.status} />
          {p.reference ? <span className="muted small"> ref {p.reference}</span> : null}
        </>
      ),
    },
    { header: 'CSV', cell: (p) => <a href={apiPath(mode, `/v1/payout-batches/${p.batch_id}/csv`)}>CSV</a> },
    { header: 'Actions', cell: (p) => <PayoutActions payout={p} /> },
  ];
  return (
    <>
      <PageHeader title="Payouts">
        <Link className="button" to={pathIn(mode, '/commissions')}>
          Commissions
        </Link>
      </PageHeader>
      <CreatePayouts />
      <div className="toolbar">
        <AnyOf label="Status" value={status} onChange={setStatus} options={PAYOUT_STATUSES} />
      </div>
      <DataTable
        caption="Payouts, newest first"
        columns={columns}
        what="payouts"
        empty={
          <EmptyState title="No payouts yet">
            <p>Draft payouts above: each partner&apos;s approved balance in a currency becomes one payout, exported as CSV for your bank or payout provider.</p>
          </EmptyState>
        }
        {...page}
      />
    </>
  );
}

/** The Idempotency-Key is made once per draft, so a retry after a lost answer returns the same batch instead of paying twice. */
function CreatePayouts() {
  const { mode } = useLocation();
  const [currency, setCurrency] = useState('usd');
  const [minimum, setMinimum] = useState('');
  const [idempotencyKey, setIdempotencyKey] = useState(() => newIdempotencyKey());
  const [problem, setProblem] = useState<string | null>(null);
  const create = useServiceMutation<Batch, { currency: string; minimum_amount_cents?: number }>(
    'POST',
    () => '/v1/payouts',
    (body) => body,
    () => ({ 'idempotency-key': idempotencyKey }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    const code = currency.trim().toLowerCase();
    if (!/^[a-z]{3}$/.test(code)) return setProblem('Currency must be a three-letter code such as usd.');
    let minimumCents: number | undefined;
    if (minimum.trim()) {
      const parsed = parseMoney(minimum, code);
      if (parsed === null || parsed < 1) return setProblem(`Minimum must be an amount in ${code.toUpperCase()}, e.g. 50.00.`);
      minimumCents = parsed;
    }
    create.mutate(
      { currency: code, ...(minimumCents ? { minimum_amount_cents: minimumCents } : {}) },
      { onSuccess: () => setIdempotencyKey(newIdempotencyKey()) },
    );
  };
  const batch = create.data;
  return (
    <Card title="Draft payouts">
      <p className="muted">Gathers every partner&apos;s approved balance in one currency, net of what they owe back, above the minimum.</p>
      <form className="inline-form" onSubmit={submit}>
        <Field label="Currency">{(p) => <input {...p} value={currency} onChange={(e) => setCurrency(e.target.value)} required size={5} />}</Field>
        <Field label="Minimum per partner (optional)">
          {(p) => <input {...p} value={minimum} onChange={(e) => setMinimum(e.target.value)} inputMode="decimal" placeholder="50.00" />}
        </Field>
        <button type="submit" className="button primary" disabled={create.isPending}>
          Draft payouts
        </button>
      </form>
      {problem ? <Problem>{problem}</Problem> : null}
      <ErrorNote error={create.error} prefix="No payouts drafted" />
      {batch ? (
        <Done>
          {batch.payouts.length === 0
            ? `No partner has an approved ${batch.currency.toUpperCase()} balance above the minimum: nothing to pay.`
            : `Drafted ${batch.payouts.length} payout${batch.payouts.length === 1 ? '' : 's'} in ${batch.currency.toUpperCase()}. `}
          {batch.payouts.length > 0 ? <a href={apiPath(mode, `/v1/payout-batches/${batch.id}/csv`)}>Download the batch as CSV</a> : null}
        </Done>
      ) : null}
    </Card>
  );
}

function PayoutActions({ payout: p }: { payout: Payout }) {
  const [paying, setPaying] = useState(false);
  const reference = useState('');
  const markPaid = useServiceMutation<unknown, string>(
    'POST',
    () => `/v1/payouts/${p.id}/mark-paid`,
    (r) => ({ reference: r }),
  );
  const cancel = useServiceMutation('POST', () => `/v1/payouts/${p.id}/cancel`);
  return (
    <div className="actions">
      {p.status === 'draft' && !paying ? (
        <>
          <button type="button" className="button small" onClick={() => setPaying(true)}>
            Mark paid…
          </button>
          <button type="button" className="button small danger" disabled={cancel.isPending} onClick={() => cancel.mutate(undefined)}>
            Cancel payout
          </button>
        </>
      ) : null}
      {paying ? (
        <NoteForm
          label="Payment reference"
          note={reference}
          submitLabel="Mark paid"
          tone="primary"
          closeLabel="Back"
          change={markPaid}
          onClose={() => setPaying(false)}
        />
      ) : null}
      <ErrorNote error={markPaid.error} prefix="Not marked paid" />
      <ErrorNote error={cancel.error} prefix="Not cancelled" />
    </div>
  );
}
