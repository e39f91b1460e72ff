import { useServiceList, useServiceQuery } from '../../shared/queries';
import { Link, pathIn, useLocation } from '../../shared/router';
import { Card, CopyField, Details, ErrorNote, Loading, PageHeader, ShortId, StatusBadge } from '../../shared/ui';
import { formatDate, formatMoney } from '../../shared/money';
import { PartnerName } from '../partners/partner-name';
import type { Conversion } from './types';

/** What made or changed the conversion, oldest first: Stripe events (or Conversion API reports) and their outcomes. */
interface HistoryEntry {
  at: string;
  type: string;
  source_event_id: string | null;
  outcome: string;
  detail: string | null;
  explanation: string;
}

export default function ConversionPage({ id }: { id: string }) {
  const { mode } = useLocation();
  const conversion = useServiceQuery<Conversion>(`/v1/conversions/${encodeURIComponent(id)}`);
  if (conversion.isPending) return <Loading what="the conversion" />;
  if (!conversion.data) return <ErrorNote error={conversion.error} prefix="This conversion could not be loaded" />;
  const c = conversion.data;
  const stripeIds: Array<[string, string | null]> = [
    ['Event', c.source === 'stripe' ? c.source_event_id : null],
    ['Customer', c.stripe.customer],
    ['Checkout Session', c.stripe.checkout_session],
    ['Invoice', c.stripe.invoice],
    ['Subscription', c.stripe.subscription],
  ];
  return (
    <>
      <p className="breadcrumb">
        <Link to={pathIn(mode, '/conversions')}>Conversions</Link> /
      </p>
      <PageHeader title={`${formatMoney(c.amount_cents, c.currency)} ${c.kind === 'renewal' ? 'renewal' : 'sale'}`}>
        <StatusBadge status={c.status} />
      </PageHeader>
      <Card title="Conversion">
        <Details
          rows={[
            ['Conversion id', <CopyField key="id" value={c.id} label="Copy id" />],
            [
              'Partner',
              <Link key="p" to={pathIn(mode, `/partners/${c.partner_id}`)}>
                <PartnerName id={c.partner_id} />
              </Link>,
            ],
            ['Amount', formatMoney(c.amount_cents, c.currency)],
            ['Commissionable', formatMoney(c.commissionable_amount_cents, c.currency)],
            ['Refunded', c.refunded_amount_cents ? formatMoney(c.refunded_amount_cents, c.currency) : 'Nothing'],
            ['Dispute', c.dispute_status ?? 'None'],
            ['Kind', c.kind],
            ['Source', c.source === 'api' ? `Conversion API (${c.event_type}, ${c.external_transaction_id ?? ''})` : 'Stripe'],
            ['Customer email', c.customer_email ?? '—'],
            ['Occurred', formatDate(c.occurred_at)],
            ['Recorded', formatDate(c.created_at)],
            [
              'First sale',
              c.initial_conversion_id ? (
                <Link key="i" to={pathIn(mode, `/conversions/${c.initial_conversion_id}`)}>
                  The initial conversion
                </Link>
              ) : (
                'This is the first sale'
              ),
            ],
          ]}
        />
      </Card>
      <Card title="Its click">
        {c.click_id ? (
          <Details rows={[['Click id', <CopyField key="c" value={c.click_id} label="Copy click id" />]]} />
        ) : c.promo_code ? (
          <p>
            No click: attributed by the promo code <code>{c.promo_code}</code>.
          </p>
        ) : (
          <p>No click: a renewal credited through the customer&apos;s first sale.</p>
        )}
        {c.click_id && c.promo_code ? <p>The promo code {c.promo_code} was used too.</p> : null}
      </Card>
      <Card title="Stripe">
        {stripeIds.some(([, v]) => v) ? (
          <Details rows={stripeIds.filter(([, v]) => v).map(([k, v]) => [k, <CopyField key={k} value={v!} label={`Copy ${k.toLowerCase()} id`} />])} />
        ) : (
          <p className="muted">Reported through the Conversion API: no Stripe ids.</p>
        )}
      </Card>
      <History id={c.id} />
    </>
  );
}

function History({ id }: { id: string }) {
  const history = useServiceList<HistoryEntry>(`/v1/conversions/${encodeURIComponent(id)}/history`);
  return (
    <Card title="History">
      {history.isPending ? <Loading what="the history" /> : null}
      <ErrorNote error={history.error} prefix="The history could not be loaded" />
      {history.data && history.data.data.length === 0 ? <p className="muted">Nothing recorded beyond the conversion itself.</p> : null}
      {history.data ? (
        <ol className="timeline">
          {history.data.data.map((h, i) => (
            <li key={i}>
              <span className="muted">{formatDate(h.at)}</span> <strong>{h.type}</strong> {h.explanation}{' '}
              {h.source_event_id ? <ShortId id={h.source_event_id} /> : null}
            </li>
          ))}
        </ol>
      ) : null}
    </Card>
  );
}
