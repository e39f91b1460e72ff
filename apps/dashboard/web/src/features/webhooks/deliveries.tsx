import { useState } from 'react';
import { useServiceList, useServiceMutation } from '../../shared/queries';
import { AnyOf, Card, Done, EmptyState, ErrorNote, Loading, ShortId, StatusBadge } from '../../shared/ui';
import { formatDate } from '../../shared/money';
import { DELIVERY_STATUSES, type Delivery } from './types';

const PAGE_SIZE = 20;

/** Deliveries, newest first, each with every attempt; pending ones are watched until they settle. */
export function Deliveries({ endpointId }: { endpointId: string }) {
  const [status, setStatus] = useState('');
  const [limit, setLimit] = useState(PAGE_SIZE);
  const list = useServiceList<Delivery>(`/v1/webhook-endpoints/${endpointId}/deliveries`, { status, limit }, { refetchInterval: 5000 });
  const redeliverFailed = useServiceMutation<{ deliveries: number }>('POST', () => `/v1/webhook-endpoints/${endpointId}/redeliver-failed`);
  const rows = list.data?.data ?? [];
  return (
    <Card
      title="Deliveries"
      actions={
        <button type="button" className="button small" onClick={() => redeliverFailed.mutate(undefined)} disabled={redeliverFailed.isPending}>
          Redeliver all failed
        </button>
      }
    >
      <ErrorNote error={redeliverFailed.error} prefix="Not redelivered" />
      {redeliverFailed.data ? (
        <Done>
          {redeliverFailed.data.deliveries} failed deliver{redeliverFailed.data.deliveries === 1 ? 'y' : 'ies'} queued again.
        </Done>
      ) : null}
      <div className="toolbar">
        <AnyOf label="Delivery status" value={status} onChange={setStatus} options={DELIVERY_STATUSES} />
      </div>
      <ErrorNote error={list.error} prefix="Deliveries could not be loaded" />
      {list.isPending ? <Loading what="deliveries" /> : null}
      {list.data && rows.length === 0 ? <EmptyState title="No deliveries yet">Send a test event to see one.</EmptyState> : null}
      <ul className="deliveries">
        {rows.map((d) => (
          <DeliveryItem key={d.id} delivery={d} />
        ))}
      </ul>
      {list.data?.has_more && limit < 100 ? (
        <button type="button" className="button" onClick={() => setLimit(100)}>
          Show more
        </button>
      ) : null}
    </Card>
  );
}

function DeliveryItem({ delivery: d }: { delivery: Delivery }) {
  const redeliver = useServiceMutation('POST', () => `/v1/webhook-deliveries/${d.id}/redeliver`);
  return (
    <li className="delivery">
      <details>
        <summary>
          <StatusBadge status={d.status} /> <strong>{d.event_type}</strong> <span className="muted">{formatDate(d.created_at)}</span>{' '}
          {d.last_status_code ? <span className="muted">HTTP {d.last_status_code}</span> : null}
          {d.status === 'pending' && d.next_attempt_at ? <span className="muted"> next try {formatDate(d.next_attempt_at)}</span> : null}
        </summary>
        <p>
          Event <ShortId id={d.event_id} /> Delivery <ShortId id={d.id} />
        </p>
        {d.attempts.length === 0 ? <p className="muted">No attempt yet.</p> : null}
        <ol className="attempts">
          {d.attempts.map((a, i) => (
            <li key={i}>
              {formatDate(a.attempted_at)}: {a.status_code ? `HTTP ${a.status_code}` : 'no answer'} in {a.duration_ms} ms
              {a.error ? <span className="error-text"> {a.error}</span> : null}
              {a.response_excerpt ? <pre>{a.response_excerpt}</pre> : null}
            </li>
          ))}
        </ol>
      </details>
      {d.status !== 'pending' ? (
        <button type="button" className="button small" onClick={() => redeliver.mutate(undefined)} disabled={redeliver.isPending}>
          Redeliver
        </button>
      ) : null}
      <ErrorNote error={redeliver.error} prefix="Not redelivered" />
    </li>
  );
}
