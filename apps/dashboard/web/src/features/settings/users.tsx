import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { ListPage, request } from '../../shared/api';
import { DataTable, type Column } from '../../shared/data-table';
import { useSession } from '../../shared/session';
import { Card, ErrorNote, Field, ShownOnce } from '../../shared/ui';
import { formatDate } from '../../shared/money';

interface User {
  id: string;
  email: string;
  role: 'owner' | 'member';
  created_at: string;
}

const USERS = ['users'];

/** The people who sign in to this workspace (both modes); owners add and remove them. */
export function Users() {
  const session = useSession();
  const client = useQueryClient();
  const users = useQuery<ListPage<User>, Error>({ queryKey: USERS, queryFn: () => request('GET', '/auth/users') });
  const refresh = () => client.invalidateQueries({ queryKey: USERS });
  const add = useMutation<{ user: User; password: string }, Error, { email: string; role: string }>({
    mutationFn: (body) => request('POST', '/auth/users', { json: body }),
    onSuccess: refresh,
  });
  const remove = useMutation<unknown, Error, string>({ mutationFn: (id) => request('DELETE', `/auth/users/${encodeURIComponent(id)}`), onSuccess: refresh });
  const [email, setEmail] = useState('');
  const [role, setRole] = useState('member');
  const [password, setPassword] = useState<string | null>(null);
  const owner = session.user.role === 'owner';
  const columns: Array<Column<User>> = [
    {
      header: 'Email',
      cell: (u) => (
        <>
          {u.email}
          {u.id === session.user.id ? <span className="muted small"> (you)</span> : null}
        </>
      ),
    },
    { header: 'Role', cell: (u) => u.role },
    { header: 'Added', cell: (u) => formatDate(u.created_at) },
  ];
  if (owner)
    columns.push({
      header: 'Actions',
      cell: (u) =>
        u.id !== session.user.id ? (
          <button type="button" className="button small danger" onClick={() => remove.mutate(u.id)} disabled={remove.isPending}>
            Remove
          </button>
        ) : null,
    });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate({ email: email.trim(), role }, { onSuccess: (r) => (setPassword(r.password), setEmail('')) });
  };
  return (
    <Card title="Users">
      <DataTable caption="Users of this workspace" columns={columns} rows={users.data?.data ?? []} query={users} what="users" />
      <ErrorNote error={remove.error} prefix="Not removed" />
      {password ? <ShownOnce title={`The password for ${add.data?.user.email ?? 'the new user'}.`} value={password} onDone={() => setPassword(null)} /> : null}
      {owner ? (
        <form className="inline-form" onSubmit={submit}>
          <Field label="Email of the person to add">
            {(p) => <input {...p} type="email" value={email} onChange={(e) => setEmail(e.target.value)} required />}
          </Field>
          <Field label="Role">
            {(p) => (
              <select {...p} value={role} onChange={(e) => setRole(e.target.value)}>
                <option value="member">member</option>
                <option value="owner">owner</option>
              </select>
            )}
          </Field>
          <button type="submit" className="button primary" disabled={add.isPending}>
            Add user
          </button>
        </form>
      ) : (
        <p className="muted">Only owners add or remove people.</p>
      )}
      <ErrorNote error={add.error} prefix="Not added" />
    </Card>
  );
}
