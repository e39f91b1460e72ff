import { useState } from 'react';
import { useServiceList, useServiceMutation } from '../../shared/queries';
import { Link, pathIn, useLocation } from '../../shared/router';
import { Card, EmptyState, ErrorNote, Loading, PageHeader, ShownOnce, StatusBadge } from '../../shared/ui';
import { formatDate } from '../../shared/money';
import { EndpointFields, EndpointForm } from './endpoint-form';
import type { Endpoint } from './types';

export default function WebhooksPage() {
  const { mode } = useLocation();
  const list = useServiceList<Endpoint>('/v1/webhook-endpoints');
  const [creating, setCreating] = useState(false);
  const create = useServiceMutation<Endpoint, EndpointFields>(
    'POST',
    () => '/v1/webhook-endpoints',
    (f) => f,
  );
  const [secret, setSecret] = useState<string | null>(null);
  const rows = list.data?.data ?? [];
  return (
    <>
      <PageHeader title="Webhooks">
        <button type="button" className="button primary" onClick={() => setCreating(true)} disabled={creating}>
          Add endpoint
        </button>
      </PageHeader>
      <p className="lead">Selgeo posts signed events to your endpoints as conversions, commissions and payouts happen (up to 10 endpoints per mode).</p>
      {secret ? <ShownOnce title="The endpoint's signing secret." value={secret} onDone={() => setSecret(null)} /> : null}
      {creating ? (
        <Card title="New endpoint">
          <EndpointForm
            submitLabel="Add endpoint"
            busy={create.isPending}
            error={create.error}
            onCancel={() => setCreating(false)}
            onSubmit={(f) =>
              create.mutate(f, {
                onSuccess: (e) => {
                  setCreating(false);
                  setSecret(e.secret ?? null);
                },
              })
            }
          />
        </Card>
      ) : null}
      <ErrorNote error={list.error} prefix="Endpoints could not be loaded" />
      {list.isPending ? <Loading what="endpoints" /> : null}
      {list.data && rows.length === 0 ? (
        <EmptyState title="No endpoints yet">
          <p>Add the URL of your server (or a partner platform) to be told of every attributed conversion. Send it a test event to check the signature.</p>
        </EmptyState>
      ) : null}
      {rows.length > 0 ? (
        <table className="table">
          <caption className="visually-hidden">Webhook endpoints</caption>
          <thead>
            <tr>
              <th scope="col">URL</th>
              <th scope="col">Events</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((e) => (
              <tr key={e.id}>
                <td>
                  <Link to={pathIn(mode, `/webhooks/${e.id}`)}>{e.url}</Link>
                  {e.description ? <div className="muted small">{e.description}</div> : null}
                </td>
                <td>{e.enabled_events.includes('*') ? 'All events' : e.enabled_events.join(', ')}</td>
                <td>
                  <StatusBadge status={e.status} />
                </td>
                <td>{formatDate(e.created_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
