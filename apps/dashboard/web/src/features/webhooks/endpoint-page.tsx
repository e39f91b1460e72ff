import { useState } from 'react';
import { useServiceMutation, useServiceQuery } from '../../shared/queries';
import { Link, navigate, pathIn, useLocation } from '../../shared/router';
import { Card, CopyField, Details, Done, ErrorNote, Loading, PageHeader, ShownOnce, StatusBadge } from '../../shared/ui';
import { formatDate } from '../../shared/money';
import { sentBy } from '../../shared/entity-form';
import { EndpointFields, EndpointForm } from './endpoint-form';
import { Deliveries } from './deliveries';
import type { Endpoint } from './types';

export default function EndpointPage({ id }: { id: string }) {
  const { mode } = useLocation();
  const path = `/v1/webhook-endpoints/${encodeURIComponent(id)}`;
  const endpoint = useServiceQuery<Endpoint>(path);
  const [editing, setEditing] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const update = useServiceMutation<Endpoint, Partial<EndpointFields> & { disabled?: boolean }>(
    'PATCH',
    () => path,
    (f) => f,
  );
  const rotate = useServiceMutation<Endpoint>('POST', () => `${path}/rotate-secret`);
  const test = useServiceMutation<{ id: string }>('POST', () => `${path}/test`);
  const remove = useServiceMutation('DELETE', () => path);

  if (endpoint.isPending) return <Loading what="the endpoint" />;
  if (!endpoint.data) return <ErrorNote error={endpoint.error} prefix="This endpoint could not be loaded" />;
  const e = endpoint.data;
  const disabled = e.status === 'disabled';
  return (
    <>
      <p className="breadcrumb">
        <Link to={pathIn(mode, '/webhooks')}>Webhooks</Link> /
      </p>
      <PageHeader title={e.url}>
        <button type="button" className="button" onClick={() => test.mutate(undefined)} disabled={test.isPending || disabled}>
          Send test event
        </button>
        <button type="button" className="button" onClick={() => setEditing(true)} disabled={editing}>
          Edit
        </button>
        <button type="button" className="button" onClick={() => update.mutate({ disabled: !disabled })} disabled={update.isPending}>
          {disabled ? 'Enable' : 'Disable'}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => rotate.mutate(undefined, { onSuccess: (r) => setSecret(r.secret ?? null) })}
          disabled={rotate.isPending}
        >
          Rotate secret
        </button>
        <button type="button" className="button danger" onClick={() => setConfirmDelete(true)}>
          Delete
        </button>
      </PageHeader>
      <ErrorNote error={test.error} prefix="The test event was not sent" />
      {test.data ? <Done>Test event queued: its delivery appears below.</Done> : null}
      <ErrorNote error={update.error} prefix="Not changed" />
      <ErrorNote error={rotate.error} prefix="The secret was not rotated" />
      {secret ? <ShownOnce title="The new signing secret, in effect now." value={secret} onDone={() => setSecret(null)} /> : null}
      {confirmDelete ? (
        <div className="confirm" role="alertdialog" aria-labelledby="delete-title">
          <p id="delete-title">Delete this endpoint? Its pending deliveries stop.</p>
          <button type="button" className="button danger" onClick={() => remove.mutate(undefined, { onSuccess: () => navigate(pathIn(mode, '/webhooks')) })}>
            Delete endpoint
          </button>
          <button type="button" className="button" onClick={() => setConfirmDelete(false)}>
            Keep it
          </button>
          <ErrorNote error={remove.error} prefix="Not deleted" />
        </div>
      ) : null}
      {editing ? (
        <Card title="Edit endpoint">
          <EndpointForm initial={e} submitLabel="Save changes" {...sentBy(update, () => setEditing(false))} />
        </Card>
      ) : (
        <Card>
          <Details
            rows={[
              ['Endpoint id', <CopyField key="id" value={e.id} label="Copy id" />],
              ['Status', <StatusBadge key="s" status={e.status} />],
              ['Events', e.enabled_events.includes('*') ? 'All events' : e.enabled_events.join(', ')],
              ['Description', e.description ?? '—'],
              ['Created', formatDate(e.created_at)],
            ]}
          />
        </Card>
      )}
      <Deliveries endpointId={e.id} />
    </>
  );
}
