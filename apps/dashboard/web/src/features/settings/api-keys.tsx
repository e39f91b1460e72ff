import { useState } from 'react';
import { useServiceList, useServiceMutation } from '../../shared/queries';
import { Card, ErrorNote, Loading, ShownOnce, StatusBadge } from '../../shared/ui';
import { formatDate } from '../../shared/money';
import type { ApiKey } from './types';

/** Keys of the mode shown. A secret is shown once, when created or rolled; the browser never sees it again. */
export function ApiKeys() {
  const keys = useServiceList<ApiKey>('/v1/api-keys');
  const create = useServiceMutation<ApiKey, 'publishable' | 'secret'>(
    'POST',
    () => '/v1/api-keys',
    (kind) => ({ kind }),
  );
  const [shown, setShown] = useState<string | null>(null);
  return (
    <Card
      title="API keys"
      actions={
        <span className="page-actions">
          <button
            type="button"
            className="button small"
            disabled={create.isPending}
            onClick={() => create.mutate('secret', { onSuccess: (k) => setShown(k.key ?? null) })}
          >
            New secret key
          </button>
          <button
            type="button"
            className="button small"
            disabled={create.isPending}
            onClick={() => create.mutate('publishable', { onSuccess: (k) => setShown(k.key ?? null) })}
          >
            New publishable key
          </button>
        </span>
      }
    >
      <p className="muted">
        Secret keys call the Conversion API and the management API from your servers; publishable keys only record clicks from the snippet.
      </p>
      <ErrorNote error={create.error} prefix="The key was not created" />
      {shown ? <ShownOnce title="Your new key." value={shown} onDone={() => setShown(null)} /> : null}
      {keys.isPending ? <Loading what="keys" /> : null}
      <ErrorNote error={keys.error} prefix="Keys could not be loaded" />
      {keys.data ? (
        <table className="table">
          <caption className="visually-hidden">API keys</caption>
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Kind</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {keys.data.data.map((k) => (
              <KeyRow key={k.id} apiKey={k} onIssued={setShown} />
            ))}
          </tbody>
        </table>
      ) : null}
    </Card>
  );
}

function KeyRow({ apiKey: k, onIssued }: { apiKey: ApiKey; onIssued: (key: string | null) => void }) {
  const roll = useServiceMutation<{ key: ApiKey }>(
    'POST',
    () => `/v1/api-keys/${k.id}/roll`,
    () => ({}),
  );
  const revoke = useServiceMutation('POST', () => `/v1/api-keys/${k.id}/revoke`);
  const [confirm, setConfirm] = useState(false);
  const live = k.status === 'active';
  return (
    <tr>
      <td>
        <code>{k.hint}</code>
      </td>
      <td>{k.kind}</td>
      <td>
        <StatusBadge status={k.status} />
        {k.expires_at && k.status === 'expiring' ? <span className="muted small"> until {formatDate(k.expires_at)}</span> : null}
      </td>
      <td>{formatDate(k.created_at)}</td>
      <td>
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
      </td>
    </tr>
  );
}
