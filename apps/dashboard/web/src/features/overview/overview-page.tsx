import { lazy, Suspense, useMemo, useState } from 'react';
import { useServiceQuery } from '../../shared/queries';
import { Link, pathIn, useLocation } from '../../shared/router';
import { Card, EmptyState, ErrorNote, Field, Loading, PageHeader } from '../../shared/ui';
import { formatMoney } from '../../shared/money';
import { Stat } from '../partners/partner-figures';
import { PartnerName } from '../partners/partner-name';
import { daysOf, lastDays, Summary, totalsOf } from './summary';
import type { ChartSeries } from './chart';

const Chart = lazy(() => import('./chart'));
const PERIODS = [7, 30, 90, 365];

export default function OverviewPage() {
  const [days, setDays] = useState(30);
  // The range is fixed per period choice so the query key stays the same between refetches.
  const range = useMemo(() => lastDays(days), [days]);
  const byDay = useServiceQuery<Summary>('/v1/commission-summary', { group_by: 'day', ...range }, { refetchInterval: 30_000 });
  const byPartner = useServiceQuery<Summary>('/v1/commission-summary', { group_by: 'partner', ...range });
  return (
    <>
      <PageHeader title="Overview">
        <Field label="Period">
          {(p) => (
            <select {...p} value={days} onChange={(e) => setDays(Number(e.target.value))}>
              {PERIODS.map((d) => (
                <option key={d} value={d}>
                  Last {d} days
                </option>
              ))}
            </select>
          )}
        </Field>
      </PageHeader>
      {byDay.isPending ? <Loading what="the overview" /> : null}
      <ErrorNote error={byDay.error} prefix="The overview could not be loaded" />
      {byDay.data ? <Figures summary={byDay.data} range={range} /> : null}
      <TopPartners summary={byPartner.data} error={byPartner.error} />
    </>
  );
}

function Figures({ summary, range }: { summary: Summary; range: { from: string; to: string } }) {
  const { mode } = useLocation();
  const totals = totalsOf(summary);
  const days = useMemo(() => daysOf(range), [range]);
  const activity = useMemo<ChartSeries[]>(() => {
    const byDay = new Map(summary.data.map((r) => [r.day, r]));
    return [
      { label: 'Clicks', color: '#635bff', values: days.map((d) => byDay.get(d)?.clicks ?? 0) },
      { label: 'Conversions', color: '#0a7d55', values: days.map((d) => byDay.get(d)?.currencies.reduce((n, c) => n + c.conversions, 0) ?? 0) },
    ];
  }, [summary, days]);
  if (totals.clicks === 0 && totals.conversions === 0)
    return (
      <EmptyState title="Nothing in this period yet">
        <p>
          Clicks and sales appear here as they arrive. <Link to={pathIn(mode, '/get-started')}>Get started</Link> connects your site and Stripe.
        </p>
      </EmptyState>
    );
  return (
    <>
      <div className="stats">
        <Stat label="Clicks" value={totals.clicks.toLocaleString('en-US')} />
        <Stat label="Conversions" value={totals.conversions.toLocaleString('en-US')} />
        {[...totals.byCurrency].map(([currency, t]) => (
          <Stat key={`r-${currency}`} label={`Revenue (${currency.toUpperCase()})`} value={formatMoney(t.revenue, currency)} />
        ))}
        {[...totals.byCurrency].map(([currency, t]) => (
          <Stat key={`c-${currency}`} label={`Commissions (${currency.toUpperCase()})`} value={formatMoney(t.commissions, currency)} />
        ))}
      </div>
      <Card title="Clicks and conversions per day (UTC)">
        <Suspense fallback={<Loading what="the chart" />}>
          <Chart days={days} series={activity} title="Clicks and conversions per day" />
        </Suspense>
      </Card>
      {[...totals.byCurrency.keys()].map((currency) => (
        <MoneyChart key={currency} currency={currency} summary={summary} days={days} />
      ))}
    </>
  );
}

/** One chart per currency: amounts are never converted or added across currencies. */
function MoneyChart({ currency, summary, days }: { currency: string; summary: Summary; days: string[] }) {
  const series = useMemo<ChartSeries[]>(() => {
    const byDay = new Map(summary.data.map((r) => [r.day, r.currencies.find((c) => c.currency === currency)]));
    return [
      { label: 'Revenue', color: '#0a7d55', values: days.map((d) => byDay.get(d)?.revenue_cents ?? 0) },
      { label: 'Commissions', color: '#b54708', values: days.map((d) => byDay.get(d)?.commissions_cents ?? 0) },
    ];
  }, [summary, days, currency]);
  const format = useMemo(() => (v: number) => formatMoney(Math.round(v), currency), [currency]);
  return (
    <Card title={`Revenue and commissions per day (${currency.toUpperCase()})`}>
      <Suspense fallback={<Loading what="the chart" />}>
        <Chart days={days} series={series} title={`Revenue and commissions per day in ${currency.toUpperCase()}`} format={format} />
      </Suspense>
    </Card>
  );
}

function TopPartners({ summary, error }: { summary: Summary | undefined; error: Error | null }) {
  const { mode } = useLocation();
  const top = (summary?.data ?? [])
    .map((r) => ({ ...r, conversions: r.currencies.reduce((n, c) => n + c.conversions, 0) }))
    .sort((a, b) => b.conversions - a.conversions || b.clicks - a.clicks)
    .slice(0, 5);
  return (
    <Card title="Top partners">
      <ErrorNote error={error} prefix="Top partners could not be loaded" />
      {summary && top.length === 0 ? <p className="muted">No partner has a click or a sale in this period yet.</p> : null}
      {top.length > 0 ? (
        <table className="table">
          <caption className="visually-hidden">Top partners by conversions</caption>
          <thead>
            <tr>
              <th scope="col">Partner</th>
              <th scope="col">Clicks</th>
              <th scope="col">Conversions</th>
              <th scope="col">Revenue</th>
              <th scope="col">Commissions</th>
            </tr>
          </thead>
          <tbody>
            {top.map((r) => (
              <tr key={r.partner_id}>
                <td>
                  <Link to={pathIn(mode, `/partners/${r.partner_id}`)}>
                    <PartnerName id={r.partner_id!} />
                  </Link>
                </td>
                <td>{r.clicks}</td>
                <td>{r.conversions}</td>
                <td>{r.currencies.map((c) => formatMoney(c.revenue_cents, c.currency)).join(' · ') || '—'}</td>
                <td>{r.currencies.map((c) => formatMoney(c.commissions_cents, c.currency)).join(' · ') || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Card>
  );
}
