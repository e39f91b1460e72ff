import { useState } from 'react';
import { Pager, usePager } from '../../shared/pager';
import { useServiceList, useServiceMutation } from '../../shared/queries';
import { Link, navigate, pathIn, setQuery, useLocation } from '../../shared/router';
import { Card, EmptyState, ErrorNote, Field, Loading, PageHeader } from '../../shared/ui';
import { formatDate } from '../../shared/money';
import { PartnerForm, PartnerFields } from './partner-form';
import type { Partner } from './types';

const PAGE_SIZE = 25;

export default function PartnersPage() {
  const { mode, query } = useLocation();
  const q = query.get('q') ?? '';
  const [search, setSearch] = useState(q);
  const [creating, setCreating] = useState(false);
  const pager = usePager(`${mode}:${q}`);
  const list = useServiceList<Partner>('/v1/partners', { limit: PAGE_SIZE, q, starting_after: pager.startingAfter });
  const create = useServiceMutation<Partner, PartnerFields>(
    'POST',
    () => '/v1/partners',
    (fields) => fields,
  );
  const partners = list.data?.data ?? [];

  return (
    <>
      <PageHeader title="Partners">
        <button type="button" className="button primary" onClick={() => setCreating(true)} disabled={creating}>
          New partner
        </button>
      </PageHeader>
      {creating ? (
        <Card title="New partner">
          <PartnerForm
            submitLabel="Create partner"
            busy={create.isPending}
            error={create.error}
            onCancel={() => setCreating(false)}
            onSubmit={(fields) => create.mutate(fields, { onSuccess: (p) => navigate(pathIn(mode, `/partners/${p.id}`)) })}
          />
        </Card>
      ) : null}
      <form
        className="toolbar"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery({ q: search.trim() }, { replace: true });
        }}
      >
        <Field label="Search partners">
          {(p) => <input {...p} type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Name or email" />}
        </Field>
        <button type="submit" className="button">
          Search
        </button>
      </form>
      <ErrorNote error={list.error} prefix="Partners could not be loaded" />
      {list.isPending ? <Loading what="partners" /> : null}
      {list.data && partners.length === 0 ? (
        q ? (
          <EmptyState title={`No partner matches “${q}”.`}>
            <p>Search by the start of a name or an email.</p>
          </EmptyState>
        ) : (
          <EmptyState title="No partners yet">
            <p>Create a partner, give them a referral link, and every sale through it is attributed to them.</p>
            <button type="button" className="button primary" onClick={() => setCreating(true)}>
              Create your first partner
            </button>
          </EmptyState>
        )
      ) : null}
      {partners.length > 0 ? (
        <table className="table">
          <caption className="visually-hidden">Partners</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Destination</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {partners.map((p) => (
              <tr key={p.id}>
                <td>
                  <Link to={pathIn(mode, `/partners/${p.id}`)}>{p.name}</Link>
                </td>
                <td>{p.email ?? '—'}</td>
                <td className="truncate">{p.destination_url}</td>
                <td>{formatDate(p.created_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <Pager pager={pager} hasMore={list.data?.has_more} lastId={partners[partners.length - 1]?.id} />
    </>
  );
}
