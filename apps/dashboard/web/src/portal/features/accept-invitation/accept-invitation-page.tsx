import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { ApiError, request } from '../../../shared/api';
import { formatDate } from '../../../shared/money';
import { Link, navigate } from '../../../shared/router';
import { SESSION_KEY } from '../../../shared/session-gate';
import { Field, Loading, Problem } from '../../../shared/ui';
import { portalPath } from '../../router';

interface Invitation {
  partner_name: string;
  workspace_name: string;
  email: string | null;
  expires_at: string;
}

/** The same minimum as the server's (dashboard users' rules), said before the partner sends the form. */
const MIN_PASSWORD_LENGTH = 12;

/**
 * The link the merchant sends is `/portal/accept#<token>`: the token is in the fragment, so it never
 * reaches a server log or a Referer. The page reads it once, asks whose invitation it is, and lets the
 * partner choose their email and password.
 */
export default function AcceptInvitationPage() {
  const [token] = useState(() => decodeURIComponent(window.location.hash.replace(/^#/, '')));
  const invitation = useQuery<Invitation, Error>({
    queryKey: ['invitation', token],
    queryFn: () => request<Invitation>('POST', '/portal/invitations/inspect', { json: { token }, quietUnauthorized: true }),
    enabled: token !== '',
    retry: false,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
  return (
    <main className="sign-in" id="main">
      <div className="card sign-in-card">
        <p className="brand">Selgeo</p>
        <h1>Join the partner portal</h1>
        {token === '' ? (
          <Problem>
            This address has no invitation in it. Open the whole link from the merchant&apos;s invitation (it ends with a long code after #), or ask them for a
            new one.
          </Problem>
        ) : invitation.isPending ? (
          <Loading what="your invitation" />
        ) : invitation.error ? (
          <>
            <Problem>{describe(invitation.error)}</Problem>
            {/* A used invitation is most often the partner's own, opened again: the way in is the sign-in page. */}
            <p className="muted small">
              Already accepted it? <Link to={portalPath('/')}>Sign in to your partner portal</Link>.
            </p>
          </>
        ) : (
          <AcceptForm token={token} invitation={invitation.data} />
        )}
      </div>
    </main>
  );
}

function AcceptForm({ token, invitation }: { token: string; invitation: Invitation }) {
  const client = useQueryClient();
  const [email, setEmail] = useState(invitation.email ?? '');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const accept = useMutation<unknown, Error, { token: string; email: string; password: string }>({
    mutationFn: (body) => request('POST', '/portal/invitations/accept', { json: body, quietUnauthorized: true }),
    onSuccess: async () => {
      // The answer set the session cookie: the portal asks for the session afresh and opens on the partner's links.
      await client.resetQueries({ queryKey: SESSION_KEY });
      navigate(portalPath('/'), { replace: true });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    if (password.length < MIN_PASSWORD_LENGTH) return setProblem(`Choose a password of at least ${MIN_PASSWORD_LENGTH} characters.`);
    accept.mutate({ token, email: email.trim(), password });
  };
  return (
    <form onSubmit={submit} aria-describedby="invitation-summary" data-testid="accept-invitation-form">
      <p id="invitation-summary" data-testid="invitation-summary">
        <strong>{invitation.workspace_name}</strong> invites <strong>{invitation.partner_name}</strong> to see their links, results and commissions. This
        invitation is valid until {formatDate(invitation.expires_at)}.
      </p>
      <Field label="Email" hint="You sign in with it. One address per portal account.">
        {(p) => <input {...p} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />}
      </Field>
      <Field label="Choose a password" hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}>
        {(p) => (
          <input
            {...p}
            type="password"
            autoComplete="new-password"
            required
            minLength={MIN_PASSWORD_LENGTH}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        )}
      </Field>
      {problem ? <Problem>{problem}</Problem> : null}
      {accept.error ? <Problem>{describe(accept.error)}</Problem> : null}
      <button type="submit" className="button primary" disabled={accept.isPending}>
        {accept.isPending ? 'Joining…' : 'Accept and sign in'}
      </button>
    </form>
  );
}

function describe(error: Error): string {
  if (error instanceof ApiError && error.status === 404)
    return 'This invitation does not exist. Check that you opened the whole link, or ask the merchant for a new one.';
  // The server's sentences end without a full stop (they are also read in API answers).
  return /[.!?]$/.test(error.message) ? error.message : `${error.message}.`;
}
