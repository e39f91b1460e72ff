import { lazy, Suspense } from 'react';
import { Link, match } from '../shared/router';
import { SessionGate } from '../shared/session-gate';
import { Loading } from '../shared/ui';
import type { PortalSession } from './api';
import { PortalLayout } from './layout';
import { portalPath, usePortalLocation } from './router';
import { PortalSessionContext } from './session';
import { PortalSignInPage } from './features/sign-in/sign-in-page';

// Each page is its own chunk: the first load carries only the shell, the QR code and chart libraries only their pages.
const pages = {
  accept: lazy(() => import('./features/accept-invitation/accept-invitation-page')),
  links: lazy(() => import('./features/links/links-page')),
  results: lazy(() => import('./features/results/results-page')),
  conversions: lazy(() => import('./features/conversions/conversions-page')),
  money: lazy(() => import('./features/money/money-page')),
  payout: lazy(() => import('./features/money/payout-page')),
  account: lazy(() => import('./features/account/account-page')),
};

export function PortalApp() {
  const { page } = usePortalLocation();
  // An invitation is accepted before there is any session: its page stands alone.
  if (page === '/accept')
    return (
      <Suspense fallback={<Loading what="the invitation" />}>
        <pages.accept />
      </Suspense>
    );
  return (
    <SessionGate<PortalSession>
      path="/portal/session"
      context={PortalSessionContext}
      layout={PortalLayout}
      what="the partner portal"
      signIn={(notice) => <PortalSignInPage notice={notice} />}
    >
      <Routes page={page} />
    </SessionGate>
  );
}

function Routes({ page }: { page: string }) {
  let params: Record<string, string> | null;
  if (page === '/') return <pages.links />;
  if (page === '/reports') return <pages.results />;
  if (page === '/sales') return <pages.conversions />;
  if (page === '/money') return <pages.money />;
  if ((params = match('/money/payouts/:id', page))) return <pages.payout id={params.id} />;
  if (page === '/account') return <pages.account />;
  return (
    <div>
      <h1>Page not found</h1>
      <p>
        The partner portal has no such page. <Link to={portalPath('/')}>Go to your links</Link>.
      </p>
    </div>
  );
}
