import { lazy } from 'react';
import type { Session } from './shared/api';
import { SessionGate } from './shared/session-gate';
import { SessionContext } from './shared/session';
import { match, navigate, pathIn, useLocation } from './shared/router';
import { Layout } from './shared/layout';
import { SignInPage } from './features/sign-in/sign-in-page';

// Each page is its own chunk: the first load carries only the shell, and the chart library only the overview.
const GetStartedPage = lazy(() => import('./features/get-started/get-started-page'));
const OverviewPage = lazy(() => import('./features/overview/overview-page'));
const PartnersPage = lazy(() => import('./features/partners/partners-page'));
const PartnerPage = lazy(() => import('./features/partners/partner-page'));
const ConversionsPage = lazy(() => import('./features/conversions/conversions-page'));
const ConversionPage = lazy(() => import('./features/conversions/conversion-page'));
const CommissionsPage = lazy(() => import('./features/commissions/commissions-page'));
const PayoutsPage = lazy(() => import('./features/commissions/payouts-page'));
const WebhooksPage = lazy(() => import('./features/webhooks/webhooks-page'));
const EndpointPage = lazy(() => import('./features/webhooks/endpoint-page'));
const SettingsPage = lazy(() => import('./features/settings/settings-page'));

export function App() {
  return (
    <SessionGate<Session>
      path="/auth/session"
      what="the dashboard"
      signIn={(notice) => <SignInPage notice={notice} />}
      context={SessionContext}
      layout={Layout}
    >
      <Routes />
    </SessionGate>
  );
}

function Routes() {
  const { page, mode } = useLocation();
  let params: Record<string, string> | null;
  if (page === '/' || page === '/overview') return <OverviewPage />;
  if (page === '/get-started') return <GetStartedPage />;
  if (page === '/partners') return <PartnersPage />;
  if ((params = match('/partners/:id', page))) return <PartnerPage id={params.id} />;
  if (page === '/conversions') return <ConversionsPage />;
  if ((params = match('/conversions/:id', page))) return <ConversionPage id={params.id} />;
  if (page === '/commissions') return <CommissionsPage />;
  if (page === '/payouts') return <PayoutsPage />;
  if (page === '/webhooks') return <WebhooksPage />;
  if ((params = match('/webhooks/:id', page))) return <EndpointPage id={params.id} />;
  if (page === '/settings') return <SettingsPage />;
  return <NotFound to={pathIn(mode, '/')} />;
}

function NotFound({ to }: { to: string }) {
  return (
    <div>
      <h1>Page not found</h1>
      <p>
        This dashboard has no such page.{' '}
        <a
          href={to}
          onClick={(e) => {
            e.preventDefault();
            navigate(to);
          }}
        >
          Go to the overview
        </a>
        .
      </p>
    </div>
  );
}
