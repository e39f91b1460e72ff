import { lazy, Suspense } from 'react';
import { match } from '../shared/router';
import { SessionGate } from '../shared/session-gate';
import { Link } from '../shared/router';
import { Loading } from '../shared/ui';
import type { PortalSession } from './api';
import { PortalLayout } from './layout';
import { portalPath, usePortalLocation } from './router';
import { PortalSessionContext } from './session';
import { PortalSignInPage } from './features/sign-in/sign-in-page';

// Each page is its own chunk: the first load carries only the shell, the QR code and chart libraries only their pages.
const AcceptInvitationPage = lazy(() => import('./features/accept-invitation/accept-invitation-page'));
const LinksPage = lazy(() => import('./features/links/links-page'));
const ResultsPage = lazy(() => import('./features/results/results-page'));
const ConversionsPage = lazy(() => import('./features/conversions/conversions-page'));
const MoneyPage = lazy(() => import('./features/money/money-page'));
const PayoutPage = lazy(() => import('./features/money/payout-page'));
const AccountPage = lazy(() => import('./features/account/account-page'));

export function PortalApp() {
  const { page } = usePortalLocation();
  // An invitation is accepted before there is any session: its page stands alone.
  if (page === '/accept')
    return (
      <Suspense fallback={<Loading what="the invitation" />}>
        <AcceptInvitationPage />
      </Suspense>
    );
  return (
    <SessionGate<PortalSession> path="/portal/session" what="the partner portal" signIn={(notice) => <PortalSignInPage notice={notice} />}>
      {(session) => (
        <PortalSessionContext.Provider value={session}>
          <PortalLayout>
            <Suspense fallback={<Loading what="the page" />}>
              <Routes page={page} />
            </Suspense>
          </PortalLayout>
        </PortalSessionContext.Provider>
      )}
    </SessionGate>
  );
}

function Routes({ page }: { page: string }) {
  let params: Record<string, string> | null;
  if (page === '/' || page === '/links') return <LinksPage />;
  if (page === '/results') return <ResultsPage />;
  if (page === '/conversions') return <ConversionsPage />;
  if (page === '/money') return <MoneyPage />;
  if ((params = match('/money/payouts/:id', page))) return <PayoutPage id={params.id} />;
  if (page === '/account') return <AccountPage />;
  return (
    <div>
      <h1>Page not found</h1>
      <p>
        The partner portal has no such page. <Link to={portalPath('/')}>Go to your links</Link>.
      </p>
    </div>
  );
}
