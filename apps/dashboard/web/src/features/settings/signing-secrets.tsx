import { useServiceList, useServiceMutation } from '../../shared/queries';
import { useSession } from '../../shared/session';
import { Card, CopyField, ErrorNote, Loading } from '../../shared/ui';
import { ValueForm } from '../../shared/value-form';
import { formatDate } from '../../shared/money';

interface SigningSecret {
  id: string;
  secret_hint: string;
  created_at: string;
}

/** Stripe's whsec_ secrets for this workspace's webhook URL; to rotate, add the new one before removing the old. */
export function SigningSecrets() {
  const session = useSession();
  const list = useServiceList<SigningSecret>('/v1/stripe/signing-secrets');
  const add = useServiceMutation<SigningSecret, string>(
    'POST',
    () => '/v1/stripe/signing-secrets',
    (secret) => ({ secret }),
  );
  const remove = useServiceMutation<unknown, string>('DELETE', (id) => `/v1/stripe/signing-secrets/${id}`);
  return (
    <Card title="Stripe signing secrets">
      <p>
        Stripe webhook URL: <CopyField value={session.links.stripe_webhook_url} label="Copy URL" />
      </p>
      {list.isPending ? <Loading what="signing secrets" /> : null}
      <ErrorNote error={list.error} prefix="Signing secrets could not be loaded" />
      {list.data && list.data.data.length === 0 ? <p className="muted">None yet: Stripe&apos;s deliveries are refused until you add one.</p> : null}
      <ul className="links">
        {list.data?.data.map((s) => (
          <li key={s.id}>
            <code>{s.secret_hint}</code> <span className="muted">added {formatDate(s.created_at)}</span>{' '}
            <button type="button" className="button small danger" onClick={() => remove.mutate(s.id)} disabled={remove.isPending}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      <ErrorNote error={remove.error} prefix="Not removed" />
      <ValueForm label="New signing secret" placeholder="whsec_…" autoComplete="off" submitLabel="Add secret" change={add} errorPrefix="Not added" />
    </Card>
  );
}
