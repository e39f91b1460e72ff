import { useQueryClient } from '@tanstack/react-query';
import { FormEvent, ReactNode, useState } from 'react';
import { ApiError, request } from './api';
import { Field, Problem } from './ui';

/**
 * People sign in with email and password; API keys never reach the browser. The dashboard's users
 * (`/auth/sign-in`) and the portal's partners (`/portal/sign-in`) use the same form.
 */
export function SignInForm({ path, title, notice, children }: { path: string; title: string; notice: string | null; children?: ReactNode }) {
  const client = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const session = await request<{ csrf_token?: string } | null>('POST', path, { json: { email, password }, quietUnauthorized: true });
      // An answer that is the session is shown at once; otherwise the session is asked for.
      if (session?.csrf_token) client.setQueryData(['session'], session);
      else await client.invalidateQueries({ queryKey: ['session'] });
    } catch (err) {
      setError(describe(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in" id="main">
      <form className="card sign-in-card" onSubmit={(e) => void submit(e)} aria-labelledby="sign-in-title">
        <p className="brand">Selgeo</p>
        <h1 id="sign-in-title">{title}</h1>
        {notice && !error ? (
          <p className="notice" role="status">
            {notice}
          </p>
        ) : null}
        <Field label="Email">
          {(p) => <input {...p} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />}
        </Field>
        <Field label="Password">
          {(p) => <input {...p} type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />}
        </Field>
        {error ? <Problem>{error}</Problem> : null}
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        {children}
      </form>
    </main>
  );
}

function describe(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 401) return 'That email and password do not match. Check both and try again.';
    if (err.status === 429) return `Too many sign-in attempts. ${err.retryAfter ? `Try again in ${err.retryAfter} seconds.` : 'Wait a moment and try again.'}`;
    // The server's sentences end without a full stop (they are also read in API answers).
    return /[.!?]$/.test(err.message) ? err.message : `${err.message}.`;
  }
  return String(err);
}
