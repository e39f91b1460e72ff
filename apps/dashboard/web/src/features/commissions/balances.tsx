import { Balance, BalanceCells, BalanceHeaders } from '../../shared/balance-cells';
import { Link, pathIn, useLocation } from '../../shared/router';
import { Card, ErrorNote } from '../../shared/ui';
import { PartnerName } from '../partners/partner-name';
import { useServiceQuery } from '../../shared/queries';

/** What each partner on the page is owed, per currency (never added across currencies). */
export function Balances({ partnerIds }: { partnerIds: string[] }) {
  if (partnerIds.length === 0) return null;
  return (
    <Card title="Balances">
      <table className="table">
        <caption className="visually-hidden">Balances per partner and currency</caption>
        <thead>
          <tr>
            <th scope="col">Partner</th>
            <BalanceHeaders />
          </tr>
        </thead>
        <tbody>
          {partnerIds.slice(0, 25).map((id) => (
            <BalanceRows key={id} partnerId={id} />
          ))}
        </tbody>
      </table>
    </Card>
  );
}

function BalanceRows({ partnerId }: { partnerId: string }) {
  const { mode } = useLocation();
  const balance = useBalance(partnerId);
  const name = (
    <Link to={pathIn(mode, `/partners/${partnerId}`)}>
      <PartnerName id={partnerId} />
    </Link>
  );
  if (balance.error)
    return (
      <tr>
        <td>{name}</td>
        <td colSpan={5}>
          <ErrorNote error={balance.error} prefix="Balance unavailable" />
        </td>
      </tr>
    );
  return (
    <>
      {(balance.data?.currencies ?? []).map((c) => (
        <tr key={c.currency}>
          <td>{name}</td>
          <BalanceCells balance={c} />
        </tr>
      ))}
    </>
  );
}

export function useBalance(partnerId: string) {
  return useServiceQuery<Balance>(`/v1/partners/${partnerId}/balance`);
}
