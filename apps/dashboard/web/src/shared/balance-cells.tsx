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
