import { lazy, Suspense, useMemo } from 'react';
import type { ChartSeries } from './chart';
import { formatMoney } from './money';
import { Card, Loading } from './ui';

// uPlot is the heaviest library here: it comes with the first chart shown, never with the first load.
const Chart = lazy(() => import('./chart'));

/** A chart over days in a card: `label` is what a screen reader hears; amounts in `currency` are shown as money. */
export function ChartCard({
  title,
  label,
  days,
  series,
  currency,
}: {
  title: string;
  label: string;
  days: string[];
  series: ChartSeries[];
  currency?: string;
}) {
  const format = useMemo(() => (currency ? (v: number) => formatMoney(Math.round(v), currency) : undefined), [currency]);
  return (
    <Card title={title}>
      <Suspense fallback={<Loading what="the chart" />}>
        <Chart days={days} series={series} title={label} format={format} />
      </Suspense>
    </Card>
  );
}
