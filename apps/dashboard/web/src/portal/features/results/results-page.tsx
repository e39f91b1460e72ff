import { useMemo, useState } from 'react';
import { ChartCard } from '../../../shared/chart-card';
import type { ChartSeries } from '../../../shared/chart';
import { DataTable, type Column } from '../../../shared/data-table';
import { formatMoney } from '../../../shared/money';
import { Card, EmptyState, ErrorNote, Field, Loading, PageHeader, PeriodSelect, Stat } from '../../../shared/ui';
import { Link } from '../../../shared/router';
import { usePortal } from '../../api';
import { portalPath } from '../../router';
import type { PortalLinks } from '../links/types';

const DAY_MS = 86_400_000;

type Revenue = Array<{ currency: string; amount_cents: number }>;

interface Results {
  from: string;
  to: string;
  days: Array<{ date: string; clicks: number; conversions: number; revenue: Revenue }>;
  links: Array<{ token: string; label: string | null; clicks: number; conversions: number; revenue: Revenue }>;
}

/** The last `days` days up to today (UTC), as the portal's YYYY-MM-DD range, and each day in it. */
function range(days: number): { from: string; to: string; dates: string[] } {
  const now = new Date();
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const dates = Array.from({ length: days }, (_, i) => new Date(today - (days - 1 - i) * DAY_MS).toISOString().slice(0, 10));
  return { from: dates[0], to: dates[dates.length - 1], dates };
}

const revenueText = (revenue: Revenue) => revenue.map((r) => formatMoney(r.amount_cents, r.currency)).join(' · ') || '—';

export default function ResultsPage() {
  const [days, setDays] = useState(30);
  const [token, setToken] = useState('');
  const period = useMemo(() => range(days), [days]);
  const links = usePortal<PortalLinks>('/links');
  const results = usePortal<Results>('/results', { from: period.from, to: period.to, token }, { keepPrevious: true });
  return (
    <>
      <PageHeader title="Results">
        <Field label="Link">
          {(p) => (
            <select {...p} value={token} onChange={(e) => setToken(e.target.value)} data-testid="results-link">
              <option value="">All links and codes</option>
              {(links.data?.referral_links ?? []).map((l) => (
                <option key={l.token} value={l.token}>
                  {l.label ?? l.token}
                </option>
              ))}
            </select>
          )}
        </Field>
        <PeriodSelect days={days} onChange={setDays} />
      </PageHeader>
      <ErrorNote error={results.error} prefix="Your results could not be loaded" />
      {results.isPending ? <Loading what="your results" /> : null}
      {results.data ? <Figures results={results.data} dates={period.dates} /> : null}
      {results.data ? <PerLink results={results.data} /> : null}
    </>
  );
}

function Figures({ results, dates }: { results: Results; dates: string[] }) {
  const byDate = useMemo(() => new Map(results.days.map((d) => [d.date.slice(0, 10), d])), [results]);
  const totals = useMemo(() => {
    const money = new Map<string, number>();
    let clicks = 0;
    let conversions = 0;
    for (const d of results.days) {
      clicks += d.clicks;
      conversions += d.conversions;
      for (const r of d.revenue) money.set(r.currency, (money.get(r.currency) ?? 0) + r.amount_cents);
    }
    return { clicks, conversions, money };
  }, [results]);
  const activity = useMemo<ChartSeries[]>(
    () => [
      { label: 'Clicks', color: '#635bff', values: dates.map((d) => byDate.get(d)?.clicks ?? 0) },
      { label: 'Conversions', color: '#0a7d55', values: dates.map((d) => byDate.get(d)?.conversions ?? 0) },
    ],
    [byDate, dates],
  );
  if (totals.clicks === 0 && totals.conversions === 0)
    return (
      <EmptyState title="No clicks or sales in this period yet">
        <p>
          Share one of <Link to={portalPath('/')}>your links</Link>: each visit through it shows here the same day, and each sale that follows.
        </p>
      </EmptyState>
    );
  return (
    <>
      <div className="stats" data-testid="results-totals">
        <Stat label="Clicks" value={totals.clicks.toLocaleString('en-US')} />
        <Stat label="Conversions" value={totals.conversions.toLocaleString('en-US')} />
        {[...totals.money].map(([currency, amount]) => (
          <Stat key={currency} label={`Revenue (${currency.toUpperCase()})`} value={formatMoney(amount, currency)} />
        ))}
      </div>
      <ChartCard title="Clicks and conversions per day (UTC)" label="Clicks and conversions per day" days={dates} series={activity} />
      {[...totals.money.keys()].map((currency) => (
        <RevenueChart key={currency} currency={currency} byDate={byDate} dates={dates} />
      ))}
    </>
  );
}

/** One chart per currency: amounts are never converted or added across currencies. */
function RevenueChart({ currency, byDate, dates }: { currency: string; byDate: Map<string, Results['days'][number]>; dates: string[] }) {
  const series = useMemo<ChartSeries[]>(
    () => [{ label: 'Revenue', color: '#0a7d55', values: dates.map((d) => byDate.get(d)?.revenue.find((r) => r.currency === currency)?.amount_cents ?? 0) }],
    [byDate, dates, currency],
  );
  return (
    <ChartCard
      title={`Revenue per day (${currency.toUpperCase()})`}
      label={`Revenue per day in ${currency.toUpperCase()}`}
      days={dates}
      series={series}
      currency={currency}
    />
  );
}

function PerLink({ results }: { results: Results }) {
  const columns: Array<Column<Results['links'][number]>> = [
    { header: 'Link', cell: (l) => l.label ?? <code>{l.token}</code> },
    { header: 'Clicks', className: 'num', cell: (l) => l.clicks.toLocaleString('en-US') },
    { header: 'Conversions', className: 'num', cell: (l) => l.conversions.toLocaleString('en-US') },
    { header: 'Revenue', className: 'num', cell: (l) => revenueText(l.revenue) },
  ];
  return (
    <Card title="Per link">
      <DataTable
        caption="Clicks, conversions and revenue per link in this period"
        what="links"
        rowKey={(l) => l.token}
        rowAttributes={(l) => ({ 'data-token': l.token })}
        columns={columns}
        rows={results.links}
        empty={<p className="muted">None of your links has a click in this period.</p>}
      />
    </Card>
  );
}
