import { BalanceTable } from '../../shared/balance-cells';
import { useServiceQuery } from '../../shared/queries';
import { formatMoney } from '../../shared/money';
import { Card, ErrorNote, Loading, Stat } from '../../shared/ui';
import type { Summary } from '../overview/summary';
import { yearRange } from '../overview/summary';
import type { Balance } from '../../shared/balance-cells';

/** Clicks, conversions and revenue over the last year, and what the partner is owed, per currency. */
export function PartnerFigures({ partnerId }: { partnerId: string }) {
  const range = yearRange();
  const summary = useServiceQuery<Summary>('/v1/commission-summary', { group_by: 'partner', ...range });
  const balance = useServiceQuery<Balance>(`/v1/partners/${partnerId}/balance`);
  const row = summary.data?.data.find((r) => r.partner_id === partnerId);
  return (
    <Card title="Figures (last 12 months)">
      {summary.isPending ? <Loading what="figures" /> : null}
      <ErrorNote error={summary.error} prefix="Figures could not be loaded" />
      {summary.data ? (
        <div className="stats">
          <Stat label="Clicks" value={String(row?.clicks ?? 0)} />
          <Stat label="Conversions" value={String(row?.currencies.reduce((n, c) => n + c.conversions, 0) ?? 0)} />
          <Stat label="Revenue" value={row?.currencies.length ? row.currencies.map((c) => formatMoney(c.revenue_cents, c.currency)).join(' · ') : '—'} />
          <Stat
            label="Commissions"
            value={row?.currencies.length ? row.currencies.map((c) => formatMoney(c.commissions_cents, c.currency)).join(' · ') : '—'}
          />
        </div>
      ) : null}
      <h3>Balance</h3>
      <ErrorNote error={balance.error} prefix="The balance could not be loaded" />
      {balance.data && balance.data.currencies.length === 0 ? <p className="muted">No commission yet.</p> : null}
      {balance.data && balance.data.currencies.length > 0 ? <BalanceTable balance={balance.data} /> : null}
    </Card>
  );
}
