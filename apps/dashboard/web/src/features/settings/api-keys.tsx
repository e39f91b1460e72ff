import { useState } from 'react';
import { DataTable, type Column } from '../../shared/data-table';
import { useServiceList, useServiceMutation } from '../../shared/queries';
import { Card, ErrorNote, ShownOnce, StatusBadge } from '../../shared/ui';
import { formatDate } from '../../shared/money';
import type { ApiKey } from './types';

/** The kinds of key, in the order their New buttons stand. */
const KINDS = ['secret', 'publishable'] as const;

/** Keys of the mode shown. A secret is shown once, when created or rolled; the browser never sees it again. */
export function ApiKeys() {
  const keys = useServiceList<ApiKey>('/v1/api-keys');
  const create = useServiceMutation<ApiKey, 'publishable' | 'secret'>(
    'POST',
    () => '/v1/api-keys',
    (kind) => ({ kind }),
  );
  const [shown, setShown] = useState<string | null>(null);
  const columns: Array<Column<ApiKey>> = [
    { header: 'Key', cell: (k) => <code>{k.hint}</code> },
    { header: 'Kind', cell: (k) => k.kind },
    {
      header: 'Status',
      cell: (k) => (
        <>
          <StatusBadge status={k.status} />
          {k.expires_at && k.status === 'expiring' ? <span className="muted small"> until {formatDate(k.expires_at)}</span> : null}
        </>
      ),
    },
    { header: 'Created', cell: (k) => formatDate(k.created_at) },
    { header: 'Actions', cell: (k) => <KeyActions apiKey={k} onIssued={setShown} /> },
  ];
  return (
    <Card
      title="API keys"
      actions={
        <span className="page-actions">
          {KINDS.map((kind) => (
            <button
              key={kind}
              type="button"
              className="button small"
              disabled={create.isPending}
              onClick={() => create.mutate(kind, { onSuccess: (k) => setShown(k.key ?? null) })}
            >
              New {kind} key
            </button>
          ))}
        </span>
      }
    >
      <p className="muted">
        Secret keys call the Conversion API and the management API from your servers; publishable keys only record clicks from the snippet.
      </p>
      <ErrorNote error={create.error} prefix="The key was not created" />
      {shown ? <ShownOnce title="Your new key." value={shown} onDone={() => setShown(null)} /> : null}
      <DataTable
        caption="API keys"
        columns={columns}
        rows={keys.data?.data ?? []}
        query={keys}
        what="keys"
        empty={<p className="muted">No keys in this mode yet.</p>}
      />
    </Card>
  );
}

function KeyActions({ apiKey: k, onIssued }: { apiKey: ApiKey; onIssued: (key: string | null) => void }) {
  const roll = useServiceMutation<{ key: ApiKey }>(
    'POST',
    () => `/v1/api-keys/${k.id}/roll`,
    () => ({}),
  );
  const revoke = useServiceMutation('POST', () => `/v1/api-keys/${k.id}/revoke`);
  const [confirm, setConfirm] = useState(false);
  const live = k.status === 'active';
  return (
    <div className="actions">
      {live ? (
        <button
          type="button"
          className="button small"
          disabled={roll.isPending}
          onClick={() => roll.mutate(undefined, { onSuccess: (r) => onIssued(r.key.key ?? null) })}
        >
          Roll
        </button>
      ) : null}
      {live || k.status === 'expiring' ? (
        confirm ? (
          <>
            <button type="button" className="button small danger" disabled={revoke.isPending} onClick={() => revoke.mutate(undefined)}>
              Revoke now
            </button>
            <button type="button" className="button small" onClick={() => setConfirm(false)}>
              Keep
            </button>
          </>
        ) : (
          <button type="button" className="button small danger" onClick={() => setConfirm(true)}>
            Revoke…
          </button>
        )
      ) : null}
      <ErrorNote error={roll.error} prefix="Not rolled" />
      <ErrorNote error={revoke.error} prefix="Not revoked" />
    </div>
  );
}
