import { useState } from 'react';
import { DataTable, type Column } from '../../shared/data-table';
import { useServiceList, useServiceMutation } from '../../shared/queries';
import { Link, pathIn, useLocation } from '../../shared/router';
import { Card, EmptyState, PageHeader, ShownOnce, StatusBadge } from '../../shared/ui';
import { formatDate } from '../../shared/money';
import { sentBy } from '../../shared/entity-form';
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
  const columns: Array<Column<Endpoint>> = [
    {
      header: 'URL',
      cell: (e) => (
        <>
          <Link to={pathIn(mode, `/webhooks/${e.id}`)}>{e.url}</Link>
          {e.description ? <div className="muted small">{e.description}</div> : null}
        </>
      ),
    },
    { header: 'Events', cell: (e) => (e.enabled_events.includes('*') ? 'All events' : e.enabled_events.join(', ')) },
    { header: 'Status', cell: (e) => <StatusBadge status={e.status} /> },
    { header: 'Created', cell: (e) => formatDate(e.created_at) },
  ];
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
            {...sentBy(
              create,
              () => setCreating(false),
              (e) => setSecret(e.secret ?? null),
            )}
          />
        </Card>
      ) : null}
      <DataTable
        caption="Webhook endpoints"
        columns={columns}
        rows={rows}
        query={list}
        what="endpoints"
        empty={
          <EmptyState title="No endpoints yet">
            <p>Add the URL of your server (or a partner platform) to be told of every attributed conversion. Send it a test event to check the signature.</p>
          </EmptyState>
        }
      />
    </>
  );
}
