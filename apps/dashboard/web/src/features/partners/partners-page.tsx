import { useState } from 'react';
import { DataTable, type Column } from '../../shared/data-table';
import { usePager } from '../../shared/pager';
import { useServiceList, useServiceMutation } from '../../shared/queries';
import { Link, navigate, pathIn, setQuery, useLocation } from '../../shared/router';
import { Card, EmptyState, Field, PageHeader } from '../../shared/ui';
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
  const columns: Array<Column<Partner>> = [
    { header: 'Name', cell: (p) => <Link to={pathIn(mode, `/partners/${p.id}`)}>{p.name}</Link> },
    { header: 'Email', cell: (p) => p.email ?? '—' },
    { header: 'Destination', className: 'truncate', cell: (p) => p.destination_url },
    { header: 'Created', cell: (p) => formatDate(p.created_at) },
  ];

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
      <DataTable
        caption="Partners"
        columns={columns}
        rows={partners}
        query={list}
        what="partners"
        empty={
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
        }
        paging={{ pager, hasMore: list.data?.has_more, lastId: partners[partners.length - 1]?.id }}
      />
    </>
  );
}
