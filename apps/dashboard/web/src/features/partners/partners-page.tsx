import { useState } from 'react';
import { DataTable, type Column } from '../../shared/data-table';
import { useServiceMutation, useServicePage } from '../../shared/queries';
import { Link, navigate, pathIn, setQuery, useLocation } from '../../shared/router';
import { Card, EmptyState, Field, PageHeader } from '../../shared/ui';
import { formatDate } from '../../shared/money';
import { sentBy } from '../../shared/entity-form';
import { PartnerForm, PartnerFields } from './partner-form';
import type { Partner } from './types';

export default function PartnersPage() {
  const { mode, query } = useLocation();
  const q = query.get('q') ?? '';
  const [search, setSearch] = useState(q);
  const [creating, setCreating] = useState(false);
  const page = useServicePage<Partner>('/v1/partners', { q });
  const create = useServiceMutation<Partner, PartnerFields>(
    'POST',
    () => '/v1/partners',
    (fields) => fields,
  );
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
            {...sentBy(
              create,
              () => setCreating(false),
              (p) => navigate(pathIn(mode, `/partners/${p.id}`)),
            )}
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
        {...page}
      />
    </>
  );
}
