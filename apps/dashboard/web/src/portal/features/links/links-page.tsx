import { FormEvent, lazy, Suspense, useState } from 'react';
import { DataTable, type Column } from '../../../shared/data-table';
import { formatDate } from '../../../shared/money';
import { Card, CopyField, Details, Done, EmptyState, ErrorNote, Field, Loading, PageHeader } from '../../../shared/ui';
import { usePortal, usePortalChange } from '../../api';
import type { PortalLinks, ReferralLink } from './types';

// The QR encoder is loaded when a code is first shown, not with the portal.
const QrCode = lazy(() => import('./qr-code'));

export default function LinksPage() {
  const links = usePortal<PortalLinks>('/links');
  const data = links.data;
  return (
    <>
      <PageHeader title="Your links" />
      <ErrorNote error={links.error} prefix="Your links could not be loaded" />
      {links.isPending ? <Loading what="your links" /> : null}
      {data ? (
        <>
          <p className="muted">
            Share a link: each visit through it is counted as your click, and a sale that follows earns your commission.
            {data.destination_url ? (
              <>
                {' '}
                Visitors land on <code>{data.destination_url}</code>.
              </>
            ) : null}
          </p>
          {data.referral_links.length === 0 ? (
            <EmptyState title="No referral link yet">
              <p>
                Add your first link below. Give it a label that says where you will share it, such as “Newsletter” or “YouTube”, to compare them under Results.
              </p>
            </EmptyState>
          ) : (
            data.referral_links.map((link) => <LinkCard key={link.token} link={link} />)
          )}
          <AddLink links={data} />
          <PromoCodes links={data} />
        </>
      ) : null}
    </>
  );
}

function LinkCard({ link }: { link: ReferralLink }) {
  const [showQr, setShowQr] = useState(false);
  const name = link.label ?? link.token;
  return (
    <section className="card link-card" aria-label={`Link ${name}`} data-testid="referral-link" data-token={link.token}>
      <div className="card-head">
        <h2>{name}</h2>
        <span className="muted small">
          {link.added_by === 'merchant' ? 'Added by the merchant' : 'Added by you'} · {formatDate(link.created_at)}
        </span>
      </div>
      <div className="link-body">
        <Details
          rows={[
            ['Link', <CopyField key="hosted" value={link.hosted_url} label="Copy link" />],
            ['Or add to any page of the site', <CopyField key="ref" value={link.ref_url} label="Copy site link" />],
            ['Code', <CopyField key="code" value={link.token} label="Copy code" />],
          ]}
        />
        <div className="qr">
          {showQr ? (
            <Suspense fallback={<Loading what="the QR code" />}>
              <QrCode value={link.hosted_url} title={`QR code for ${name}`} />
            </Suspense>
          ) : (
            <button type="button" className="button small" onClick={() => setShowQr(true)} aria-label={`Show QR code for ${name}`}>
              Show QR code
            </button>
          )}
        </div>
      </div>
    </section>
  );
}

function AddLink({ links }: { links: PortalLinks }) {
  const [label, setLabel] = useState('');
  const add = usePortalChange<ReferralLink, { label: string }>('POST', '/links', (body) => body);
  const full = links.links_added >= links.link_limit;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate({ label: label.trim() }, { onSuccess: () => setLabel('') });
  };
  return (
    <Card title="Add a link">
      <p className="muted" data-testid="link-usage">
        {links.links_added} of {links.link_limit} used.{' '}
        {full ? 'You have added as many links as the merchant allows; ask them if you need more.' : 'Links the merchant adds for you do not count.'}
      </p>
      <form className="inline-form" onSubmit={submit}>
        <Field label="Label" hint="Where you will share it, e.g. Newsletter. Up to 60 characters.">
          {(p) => <input {...p} value={label} onChange={(e) => setLabel(e.target.value)} required maxLength={60} disabled={full} />}
        </Field>
        <button type="submit" className="button primary" disabled={full || add.isPending}>
          Add link
        </button>
      </form>
      <ErrorNote error={add.error} prefix="No link added" />
      {add.isSuccess ? <Done>Link “{add.data.label ?? add.data.token}” added: copy it above.</Done> : null}
    </Card>
  );
}

function PromoCodes({ links }: { links: PortalLinks }) {
  const columns: Array<Column<PortalLinks['promo_codes'][number]>> = [
    { header: 'Code', cell: (c) => <CopyField value={c.code} label="Copy code" /> },
    { header: 'Added', cell: (c) => formatDate(c.created_at) },
  ];
  return (
    <Card title="Promo codes">
      <DataTable
        caption="Your promo codes"
        columns={columns}
        rows={links.promo_codes}
        rowKey={(c) => c.code}
        what="promo codes"
        empty={<p className="muted">No promo code yet. A sale with a code the merchant gives you counts as yours even without a click: ask them for one.</p>}
      />
    </Card>
  );
}
