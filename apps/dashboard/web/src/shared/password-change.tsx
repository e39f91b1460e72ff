import { useMutation } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { request } from './api';
import { Card, Done, ErrorNote, Field } from './ui';

/** Changes the signed-in person's own password: a dashboard user's (`/auth/password`) or a partner's (`/portal/password`). */
export function PasswordChange({ path = '/auth/password' }: { path?: string }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const change = useMutation<unknown, Error, { current_password: string; new_password: string }>({
    mutationFn: (body) => request('POST', path, { json: body, quietUnauthorized: true }),
    onSuccess: () => (setCurrent(''), setNext('')),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    change.mutate({ current_password: current, new_password: next });
  };
  return (
    <Card title="Your password">
      <form className="inline-form" onSubmit={submit}>
        <Field label="Current password">
          {(p) => <input {...p} type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} required />}
        </Field>
        <Field label="New password">
          {(p) => <input {...p} type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} required />}
        </Field>
        <button type="submit" className="button primary" disabled={change.isPending}>
          {change.isPending ? 'Changing…' : 'Change password'}
        </button>
      </form>
      <ErrorNote error={change.error} prefix="Not changed" />
      {change.isSuccess ? <Done>Password changed.</Done> : null}
    </Card>
  );
}
