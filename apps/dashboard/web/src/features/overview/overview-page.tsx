import { useMemo, useState } from 'react';
import { ChartCard } from '../../shared/chart-card';
import { DataTable, type Column } from '../../shared/data-table';
import { Link, pathIn, useLocation } from '../../shared/router';
import { Card, EmptyState, ErrorNote, Loading, PageHeader, PeriodSelect, Stat } from '../../shared/ui';
import { formatMoney } from '../../shared/money';
import { PartnerName } from '../partners/partner-name';
import { daysOf, lastDays, Summary, totalsOf } from './summary';
import { useOverviewSummary } from './use-overview-summary';
import type { ChartSeries } from '../../shared/chart';

export default function OverviewPage() {
  const [days, setDays] = useState(30);
  // The range is fixed per period choice so the query key stays the same between refetches.
  const range = useMemo(() => lastDays(days), [days]);
  const byDay = useOverviewSummary('day', range, 30_000);
  const byPartner = useOverviewSummary('partner', range);
  return (
    <>
      <PageHeader title="Overview">
        <PeriodSelect days={days} onChange={setDays} />
      </PageHeader>
      {byDay.isPending ? <Loading what="the overview" /> : null}
      <ErrorNote error={byDay.error} prefix="The overview could not be loaded" />
      {byDay.commissionsMissing ? (
        <p className="muted" role="note">
          Commissions are not shown: {byDay.commissionsMissing.message}
        </p>
      ) : null}
      {byDay.data ? <Figures summary={byDay.data} range={range} withCommissions={!byDay.commissionsMissing} /> : null}
      <TopPartners summary={byPartner.data} error={byPartner.error} withCommissions={!byPartner.commissionsMissing} />
    </>
  );
}

function Figures({ summary, range, withCommissions }: { summary: Summary; range: { from: string; to: string }; withCommissions: boolean }) {
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
        {withCommissions
          ? [...totals.byCurrency].map(([currency, t]) => (
              <Stat key={`c-${currency}`} label={`Commissions (${currency.toUpperCase()})`} value={formatMoney(t.commissions, currency)} />
            ))
          : null}
      </div>
      <ChartCard title="Clicks and conversions per day (UTC)" label="Clicks and conversions per day" days={days} series={activity} />
      {[...totals.byCurrency.keys()].map((currency) => (
        <MoneyChart key={currency} currency={currency} summary={summary} days={days} withCommissions={withCommissions} />
      ))}
    </>
  );
}

/** One chart per currency: amounts are never converted or added across currencies. */
function MoneyChart({ currency, summary, days, withCommissions }: { currency: string; summary: Summary; days: string[]; withCommissions: boolean }) {
  const series = useMemo<ChartSeries[]>(() => {
    const byDay = new Map(summary.data.map((r) => [r.day, r.currencies.find((c) => c.currency === currency)]));
    const revenue = { label: 'Revenue', color: '#0a7d55', values: days.map((d) => byDay.get(d)?.revenue_cents ?? 0) };
    const commissions = { label: 'Commissions', color: '#b54708', values: days.map((d) => byDay.get(d)?.commissions_cents ?? 0) };
    return withCommissions ? [revenue, commissions] : [revenue];
  }, [summary, days, currency, withCommissions]);
  const what = withCommissions ? 'Revenue and commissions' : 'Revenue';
  return (
    <ChartCard
      title={`${what} per day (${currency.toUpperCase()})`}
      label={`${what} per day in ${currency.toUpperCase()}`}
      days={days}
      series={series}
      currency={currency}
    />
  );
}

function TopPartners({ summary, error, withCommissions }: { summary: Summary | undefined; error: Error | null; withCommissions: boolean }) {
  const { mode } = useLocation();
  const top = (summary?.data ?? [])
    .map((r) => ({ ...r, conversions: r.currencies.reduce((n, c) => n + c.conversions, 0) }))
    .sort((a, b) => b.conversions - a.conversions || b.clicks - a.clicks)
    .slice(0, 5);
  const columns: Array<Column<(typeof top)[number]>> = [
    {
      header: 'Partner',
      cell: (r) => (
        <Link to={pathIn(mode, `/partners/${r.partner_id}`)}>
          <PartnerName id={r.partner_id!} />
        </Link>
      ),
    },
    { header: 'Clicks', cell: (r) => r.clicks },
    { header: 'Conversions', cell: (r) => r.conversions },
    { header: 'Revenue', cell: (r) => r.currencies.map((c) => formatMoney(c.revenue_cents, c.currency)).join(' · ') || '—' },
    { header: 'Commissions', cell: (r) => (withCommissions && r.currencies.map((c) => formatMoney(c.commissions_cents, c.currency)).join(' · ')) || '—' },
  ];
  return (
    <Card title="Top partners">
      <DataTable
        caption="Top partners by conversions"
        columns={columns}
        rows={top}
        rowKey={(r) => r.partner_id!}
        query={{ data: summary, isPending: false, error }}
        what="top partners"
        empty={<p className="muted">No partner has a click or a sale in this period yet.</p>}
      />
    </Card>
  );
}
