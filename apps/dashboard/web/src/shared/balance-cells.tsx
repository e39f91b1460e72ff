import { formatMoney } from './money';

/** A partner's balance per currency, as the commissions service answers it (the dashboard's and the portal's). */
export interface Balance {
  currencies: Array<{
    currency: string;
    pending: number;
    on_hold: number;
    in_review: number;
    approved: number;
    in_payout: number;
    paid: number;
    owed_back: number;
  }>;
}

type CurrencyBalance = Balance['currencies'][number];

/** The columns of a balance after the row's own first one; on hold and in review count as pending. */
export function BalanceHeaders() {
  return (
    <>
      <th scope="col">Pending</th>
      <th scope="col">Approved</th>
      <th scope="col">In payout</th>
      <th scope="col">Paid</th>
      <th scope="col">Owed back</th>
    </>
  );
}

export function BalanceCells({ balance: c }: { balance: CurrencyBalance }) {
  return (
    <>
      <td>{formatMoney(c.pending + c.on_hold + c.in_review, c.currency)}</td>
      <td>{formatMoney(c.approved, c.currency)}</td>
      <td>{formatMoney(c.in_payout, c.currency)}</td>
      <td>{formatMoney(c.paid, c.currency)}</td>
      <td>{formatMoney(c.owed_back, c.currency)}</td>
    </>
  );
}

/** A partner's balance, a row per currency (never added across currencies). */
export function BalanceTable({ balance }: { balance: Balance }) {
  return (
    <table className="table" data-testid="balance">
      <caption className="visually-hidden">Balance per currency</caption>
      <thead>
        <tr>
          <th scope="col">Currency</th>
          <BalanceHeaders />
        </tr>
      </thead>
      <tbody>
        {balance.currencies.map((c) => (
          <tr key={c.currency} data-currency={c.currency}>
            <td>{c.currency.toUpperCase()}</td>
            <BalanceCells balance={c} />
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A commission's amount after adjustments, with the original beside it when they differ. */
export function NetAmount({ commission: c }: { commission: { net_amount_cents: number; amount_cents: number; currency: string } }) {
  return (
    <>
      {formatMoney(c.net_amount_cents, c.currency)}
      {c.net_amount_cents !== c.amount_cents ? <span className="muted small"> (of {formatMoney(c.amount_cents, c.currency)})</span> : null}
    </>
  );
}
