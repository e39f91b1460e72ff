import { FormEvent, useState } from 'react';
import { useServiceMutation, useServiceQuery } from '../../shared/queries';
import { Link, pathIn, useLocation } from '../../shared/router';
import { Card, CopyField, Details, EmptyState, ErrorNote, Field, Loading, PageHeader } from '../../shared/ui';
import { formatDate } from '../../shared/money';
import { sentBy } from '../../shared/entity-form';
import { ValueForm } from '../../shared/value-form';
import { PartnerForm, PartnerFields } from './partner-form';
import { PartnerFigures } from './partner-figures';
import { PortalAccess } from './portal-access';
import { PartnerWithCodes, refLink } from './types';

export default function PartnerPage({ id }: { id: string }) {
  const { mode } = useLocation();
  const partner = useServiceQuery<PartnerWithCodes>(`/v1/partners/${encodeURIComponent(id)}`);
  const [editing, setEditing] = useState(false);
  const update = useServiceMutation<unknown, PartnerFields>(
    'PATCH',
    () => `/v1/partners/${encodeURIComponent(id)}`,
    (fields) => fields,
  );

  if (partner.isPending) return <Loading what="the partner" />;
  if (!partner.data) return <ErrorNote error={partner.error} prefix="This partner could not be loaded" />;
  const p = partner.data;
  return (
    <>
      <p className="breadcrumb">
        <Link to={pathIn(mode, '/partners')}>Partners</Link> /
      </p>
      <PageHeader title={p.name}>
        <Link className="button" to={pathIn(mode, `/conversions?partner_id=${p.id}`)}>
          Conversions
        </Link>
        <Link className="button" to={pathIn(mode, `/commissions?partner_id=${p.id}`)}>
          Commissions
        </Link>
        <button type="button" className="button" onClick={() => setEditing(true)} disabled={editing}>
          Edit
        </button>
      </PageHeader>
      {editing ? (
        <Card title="Edit partner">
          <PartnerForm initial={p} submitLabel="Save changes" {...sentBy(update, () => setEditing(false))} />
        </Card>
      ) : (
        <Card>
          <Details
            rows={[
              ['Partner id', <CopyField key="id" value={p.id} label="Copy id" />],
              ['Email', p.email ?? '—'],
              ['Destination', p.destination_url],
              ['Payout email', p.payout_email ?? '—'],
              ['Payout reference', p.payout_reference ?? '—'],
              ['Created', formatDate(p.created_at)],
            ]}
          />
        </Card>
      )}
      <PartnerFigures partnerId={p.id} />
      <ReferralLinks partner={p} />
      <PromoCodes partner={p} />
      <PortalAccess partnerId={p.id} partnerName={p.name} />
    </>
  );
}

function ReferralLinks({ partner }: { partner: PartnerWithCodes }) {
  const [token, setToken] = useState('');
  const [label, setLabel] = useState('');
  const add = useServiceMutation<unknown, { token: string; label: string }>(
    'POST',
    () => `/v1/partners/${partner.id}/referral-tokens`,
    (link) => ({ ...(link.token ? { token: link.token } : {}), ...(link.label ? { label: link.label } : {}) }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate({ token: token.trim(), label: label.trim() }, { onSuccess: () => (setToken(''), setLabel('')) });
  };
  return (
    <Card title="Referral links">
      {partner.referral_tokens.length === 0 ? (
        <EmptyState title="No referral link yet">
          <p>Create one and send it to {partner.name}: each visit through it is a click, and the sale that follows is theirs.</p>
        </EmptyState>
      ) : (
        <ul className="links">
          {partner.referral_tokens.map((t) => (
            <li key={t.token}>
              <p>
                <strong>{t.label ?? t.token}</strong>{' '}
                <span className="muted">
                  {t.label ? `${t.token}, ` : ''}created {formatDate(t.created_at)}
                  {t.added_by === 'partner' ? ' by the partner' : ''}
                </span>
              </p>
              <div className="link-row">
                <span className="link-kind">Hosted link (works with ad blockers)</span>
                <CopyField value={t.redirect_url} label="Copy link" />
              </div>
              <div className="link-row">
                <span className="link-kind">Your site with ?ref= (needs the snippet)</span>
                <CopyField value={refLink(partner.destination_url, t.token)} label="Copy link" />
              </div>
            </li>
          ))}
        </ul>
      )}
      <form className="inline-form" onSubmit={submit}>
        <Field label="Token (optional)" hint="3 to 64 letters, digits, - or _; random when left empty">
          {(p) => <input {...p} value={token} onChange={(e) => setToken(e.target.value)} placeholder="e.g. ada-spring" />}
        </Field>
        <Field label="Label (optional)" hint="What the link is for, e.g. a campaign; the partner sees it">
          {(p) => <input {...p} value={label} maxLength={60} onChange={(e) => setLabel(e.target.value)} placeholder="e.g. Spring newsletter" />}
        </Field>
        <button type="submit" className="button primary" disabled={add.isPending}>
          Create link
        </button>
      </form>
      <ErrorNote error={add.error} prefix="The link was not created" />
    </Card>
  );
}

function PromoCodes({ partner }: { partner: PartnerWithCodes }) {
  const add = useServiceMutation<unknown, string>(
    'POST',
    () => `/v1/partners/${partner.id}/promo-codes`,
    (c) => ({ code: c }),
  );
  return (
    <Card title="Promo codes">
      {partner.promo_codes.length === 0 ? (
        <EmptyState title="No promo code yet">
          <p>A promo code attributes a sale to {partner.name} even without a click, e.g. a code read out in a podcast.</p>
        </EmptyState>
      ) : (
        <ul className="links">
          {partner.promo_codes.map((c) => (
            <li key={c.id}>
              <CopyField value={c.code} label="Copy code" /> <span className="muted">created {formatDate(c.created_at)}</span>
            </li>
          ))}
        </ul>
      )}
      <ValueForm
        label="Promo code"
        hint="2 to 64 letters, digits, - or _ (not case-sensitive)"
        placeholder="e.g. ADA20"
        submitLabel="Create promo code"
        change={add}
        errorPrefix="The promo code was not created"
      />
    </Card>
  );
}
