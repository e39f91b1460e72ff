import { useState } from 'react';
import { useServiceList, useServiceMutation, useServiceQuery } from '../../shared/queries';
import { Link, pathIn, useLocation } from '../../shared/router';
import { useSession } from '../../shared/session';
import { Card, CopyField, Done, ErrorNote, Loading, PageHeader } from '../../shared/ui';
import { ValueForm } from '../../shared/value-form';
import type { ApiKey } from '../settings/types';

/** Every few seconds while the page is open, so the checklist ticks itself as things arrive. */
const TICK_MS = 4000;

const QUEUE_STUB = '<script>window.__selgeo = window.__selgeo || [];</script>';

export default function GetStartedPage() {
  const { mode } = useLocation();
  return (
    <>
      <PageHeader title="Get started" />
      <p className="lead">
        Two steps connect your site and Stripe to Selgeo in {mode} mode. Try the whole flow in test mode first: a test partner, a test link, Stripe&apos;s test
        card 4242 4242 4242 4242.
      </p>
      <Checklist />
      <SnippetStep />
      <StripeStep />
    </>
  );
}

function Checklist() {
  const { mode } = useLocation();
  const clicks = useServiceQuery<{ data: Array<{ clicks: number }> }>('/v1/click-summary', { group_by: 'day' }, { refetchInterval: TICK_MS });
  // The commissions service counts clicks too: a system without the click summary still ticks the first step.
  const summary = useServiceQuery<{ data: Array<{ clicks: number }> }>('/v1/commission-summary', { group_by: 'day' }, { refetchInterval: TICK_MS });
  const events = useServiceList<{ id: string }>('/v1/stripe-events', { limit: 1 }, { refetchInterval: TICK_MS });
  const conversions = useServiceList<{ id: string }>('/v1/conversions', { limit: 1 }, { refetchInterval: TICK_MS });
  const hasClick = [clicks.data, summary.data].some((s) => s?.data.some((d) => d.clicks > 0));
  const clickError = clicks.error && summary.error ? clicks.error : null;
  return (
    <Card title="Checklist">
      <ol className="checklist">
        <Step done={hasClick} error={clickError} title="First click recorded">
          Open your site through a partner&apos;s link (<Link to={pathIn(mode, '/partners')}>create a partner and a link</Link>).
        </Step>
        <Step done={(events.data?.data.length ?? 0) > 0} error={events.error} title="First Stripe event received">
          Point Stripe&apos;s webhook at the URL below and complete a test checkout.
        </Step>
        <Step done={(conversions.data?.data.length ?? 0) > 0} error={conversions.error} title="First conversion attributed">
          A checkout whose <code>client_reference_id</code> is the click id shows up in <Link to={pathIn(mode, '/conversions')}>Conversions</Link>.
        </Step>
      </ol>
    </Card>
  );
}

function Step({ done, error, title, children }: { done: boolean; error: Error | null; title: string; children: React.ReactNode }) {
  return (
    <li className={done ? 'done' : 'todo'}>
      <span className="tick" aria-hidden="true">
        {done ? '✓' : ''}
      </span>
      <div>
        <strong>{title}</strong> <span className="visually-hidden">{done ? '(done)' : '(not yet)'}</span>
        {done ? null : <p className="muted">{children}</p>}
        {!done && error ? <ErrorNote error={error} prefix="Cannot check this step" /> : null}
      </div>
    </li>
  );
}

function SnippetStep() {
  const session = useSession();
  const keys = useServiceList<ApiKey>('/v1/api-keys');
  const create = useServiceMutation<ApiKey>(
    'POST',
    () => '/v1/api-keys',
    () => ({ kind: 'publishable' }),
  );
  const [created, setCreated] = useState<string | null>(null);
  const usable = keys.data?.data.find((k) => k.kind === 'publishable' && k.status === 'active' && k.key);
  const key = usable?.key ?? created;
  const base = session.links.tracking_public_url.replace(/\/$/, '');
  // The README's tag: the queue stub lets page code call `__selgeo.push(…)` before the async script has loaded.
  const tag = key ? `${QUEUE_STUB}\n<script async src="${base}/v1/selgeo.js" data-merchant="${key}"></script>` : null;
  return (
    <Card title="1. Add the snippet to every page of your site">
      <p>It records the click when a visitor arrives through a partner&apos;s link, and hands its id to Stripe Payment Links on the page.</p>
      {keys.isPending ? <Loading what="your keys" /> : null}
      <ErrorNote error={keys.error} prefix="Your keys could not be loaded" />
      {tag ? (
        <div className="snippet">
          <CopyField value={tag} label="Copy tag" />
        </div>
      ) : keys.data ? (
        <>
          <p>Your publishable keys were created before the dashboard could show them. Create a new publishable key for the tag (it can only record clicks).</p>
          <button
            type="button"
            className="button primary"
            disabled={create.isPending}
            onClick={() => create.mutate(undefined, { onSuccess: (k) => setCreated(k.key ?? null) })}
          >
            Create a publishable key
          </button>
          <ErrorNote error={create.error} prefix="The key could not be created" />
        </>
      ) : null}
      <p className="muted small">
        With Stripe Checkout from your server, read the click id in the page with{' '}
        <code>{'__selgeo.push(function (selgeo) { var clickId = selgeo.getClickId(); })'}</code> and pass it as <code>client_reference_id</code> when you create
        the session.
      </p>
    </Card>
  );
}

function StripeStep() {
  const session = useSession();
  const { mode } = useLocation();
  const secrets = useServiceList<{ id: string; secret_hint: string; created_at: string }>('/v1/stripe/signing-secrets');
  const add = useServiceMutation<unknown, string>(
    'POST',
    () => '/v1/stripe/signing-secrets',
    (secret) => ({ secret }),
  );
  const [saved, setSaved] = useState(false);
  return (
    <Card title="2. Send Stripe's events to Selgeo">
      <p>
        In Stripe ({mode === 'test' ? 'Test mode' : 'Live mode'}) → Developers → Webhooks → Add endpoint, paste this URL and choose the events{' '}
        <code>checkout.session.completed</code>, <code>invoice.paid</code>, <code>charge.refunded</code> and <code>charge.dispute.*</code>:
      </p>
      <CopyField value={session.links.stripe_webhook_url} label="Copy URL" />
      <p>Stripe then shows the endpoint&apos;s signing secret (whsec_…). Paste it here so Selgeo accepts only Stripe&apos;s own deliveries:</p>
      <ValueForm
        label="Stripe signing secret"
        placeholder="whsec_…"
        autoComplete="off"
        submitLabel="Save secret"
        change={add}
        errorPrefix="The secret was not saved"
        onSend={() => setSaved(false)}
        onSaved={() => setSaved(true)}
      />
      {saved ? <Done>Secret saved. Selgeo keeps it sealed and shows only its hint from now on.</Done> : null}
      <ErrorNote error={secrets.error} prefix="The signing secrets could not be loaded" />
      {secrets.data && secrets.data.data.length > 0 ? (
        <p className="muted">Secrets in use: {secrets.data.data.map((s) => s.secret_hint).join(', ')}</p>
      ) : secrets.data ? (
        <p className="muted">No signing secret for this URL yet: Stripe&apos;s deliveries to it are refused until you add one.</p>
      ) : null}
    </Card>
  );
}
