import { FormEvent, useState } from 'react';
import { Balance, BalanceTable, NetAmount } from '../../../shared/balance-cells';
import type { Column } from '../../../shared/data-table';
import { formatDate, formatMoney } from '../../../shared/money';
import { Link } from '../../../shared/router';
import { Card, Done, EmptyState, ErrorNote, Field, Loading, PageHeader, ShortId, StatusBadge } from '../../../shared/ui';
import { usePortal, usePortalChange } from '../../api';
import { PortalTable } from '../../list';
import { portalPath } from '../../router';
import { COMMISSION_STATUS_HELP, PayoutDetails, PortalCommission, PortalPayout } from './types';

export default function MoneyPage() {
  return (
    <>
      <PageHeader title="Money" />
      <BalanceCard />
      <Commissions />
      <Payouts />
      <PayoutDetailsForm />
    </>
  );
}

function BalanceCard() {
  const balance = usePortal<Balance>('/balance');
  const currencies = balance.data?.currencies ?? [];
  return (
    <Card title="Balance">
      <ErrorNote error={balance.error} prefix="Your balance could not be loaded" />
      {balance.isPending ? <Loading what="your balance" /> : null}
      {balance.data && currencies.length === 0 ? (
        <EmptyState title="Nothing earned yet">
          <p>Each sale through your links earns a commission; it shows here as pending, then approved once the merchant&apos;s hold ends.</p>
        </EmptyState>
      ) : null}
      {currencies.length > 0 ? <BalanceTable balance={balance.data!} /> : null}
    </Card>
  );
}

function Commissions() {
  const [status, setStatus] = useState('');
  const columns: Array<Column<PortalCommission>> = [
    { header: 'Created', cell: (c) => formatDate(c.created_at) },
    { header: 'Order reference', cell: (c) => <ShortId id={c.conversion_id} copyLabel="Copy reference" /> },
    {
      header: 'Status',
      cell: (c) => (
        <>
          <StatusBadge status={c.status} /> <span className="muted small">{COMMISSION_STATUS_HELP[c.status] ?? ''}</span>
        </>
      ),
    },
    {
      header: 'Amount',
      className: 'num',
      cell: (c) => <NetAmount commission={c} />,
    },
    { header: 'Payable from', cell: (c) => (c.status === 'paid' ? `Paid ${formatDate(c.paid_at)}` : formatDate(c.hold_ends_at)) },
    { header: 'Payout', cell: (c) => (c.payout_id ? <Link to={portalPath(`/money/payouts/${c.payout_id}`)}>See payout</Link> : '—') },
  ];
  return (
    <Card
      title="Commissions"
      actions={
        <Field label="Status">
          {(p) => (
            <select {...p} value={status} onChange={(e) => setStatus(e.target.value)}>
              <option value="">Any</option>
              {Object.keys(COMMISSION_STATUS_HELP).map((s) => (
                <option key={s} value={s}>
                  {s.replace(/_/g, ' ')}
                </option>
              ))}
            </select>
          )}
        </Field>
      }
    >
      <PortalTable
        path="/commissions"
        filters={{ status }}
        caption="Your commissions, newest first"
        what="commissions"
        idAttribute="data-commission-id"
        columns={columns}
        empty={
          <EmptyState title={status ? `No ${status.replace(/_/g, ' ')} commission` : 'No commissions yet'}>
            <p>A commission is made for each sale through your links; the merchant approves it after its hold and pays approved ones in payouts.</p>
          </EmptyState>
        }
      />
    </Card>
  );
}

function Payouts() {
  const columns: Array<Column<PortalPayout>> = [
    { header: 'Created', cell: (p) => <Link to={portalPath(`/money/payouts/${p.id}`)}>{formatDate(p.created_at)}</Link> },
    { header: 'Amount', className: 'num', cell: (p) => formatMoney(p.amount_cents, p.currency) },
    { header: 'Status', cell: (p) => <StatusBadge status={p.status} /> },
    { header: 'Paid', cell: (p) => formatDate(p.paid_at) },
    { header: 'Reference', cell: (p) => p.reference ?? '—' },
  ];
  return (
    <Card title="Payouts">
      <PortalTable
        path="/payouts"
        caption="Your payouts, newest first"
        what="payouts"
        idAttribute="data-payout-id"
        columns={columns}
        empty={
          <EmptyState title="No payouts yet">
            <p>The merchant pays approved commissions in payouts, to the payout details below: check they are right.</p>
          </EmptyState>
        }
      />
    </Card>
  );
}

function PayoutDetailsForm() {
  const details = usePortal<PayoutDetails>('/payout-details');
  return (
    <Card title="Payout details">
      <ErrorNote error={details.error} prefix="Your payout details could not be loaded" />
      {details.isPending ? <Loading what="your payout details" /> : null}
      {details.data ? <DetailsForm details={details.data} /> : null}
    </Card>
  );
}

function DetailsForm({ details }: { details: PayoutDetails }) {
  const [email, setEmail] = useState(details.payout_email ?? '');
  const [reference, setReference] = useState(details.payout_reference ?? '');
  const save = usePortalChange<PayoutDetails, PayoutDetails>('PATCH', '/payout-details', (body) => body);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ payout_email: email.trim() || null, payout_reference: reference.trim() || null });
  };
  return (
    <form className="stacked-form" onSubmit={submit} data-testid="payout-details-form">
      <p className="muted">Where the merchant sends your money. Empty: your sign-in email is used.</p>
      <Field label="Payout email" hint="The address of your PayPal, Wise or similar account.">
        {(p) => <input {...p} type="email" value={email} onChange={(e) => setEmail(e.target.value)} maxLength={254} />}
      </Field>
      <Field label="Payout reference" hint="Anything the merchant needs to pay you, e.g. an IBAN or an invoice name. Up to 200 characters.">
        {(p) => <input {...p} value={reference} onChange={(e) => setReference(e.target.value)} maxLength={200} />}
      </Field>
      <button type="submit" className="button primary" disabled={save.isPending}>
        Save payout details
      </button>
      <ErrorNote error={save.error} prefix="Not saved" />
      {save.isSuccess ? <Done>Payout details saved.</Done> : null}
    </form>
  );
}
