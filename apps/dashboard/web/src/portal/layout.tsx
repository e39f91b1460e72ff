import type { ReactNode } from 'react';
import { Shell, UserMenu } from '../shared/layout';
import { portalPath, usePortalLocation } from './router';
import { usePortalSession } from './session';

const NAV: Record<string, string> = { '/': 'Links', '/reports': 'Results', '/sales': 'Conversions', '/money': 'Money', '/account': 'Account' };

/** The section a page belongs to: a payout (/money/payouts/123) lights Money. */
function sectionOf(page: string): string {
  const first = page.split('/').filter(Boolean)[0];
  return first ? `/${first}` : '/';
}

export function PortalLayout({ children }: { children: ReactNode }) {
  const { page } = usePortalLocation();
  const session = usePortalSession();
  return (
    <Shell
      mode={session.mode}
      page={page}
      workspace={`${session.partner.name} · partner of ${session.workspace.name}`}
      navLabel="Partner portal"
      nav={Object.entries(NAV).map(([to, label]) => [portalPath(to), label])}
      current={portalPath(sectionOf(page))}
      controls={<UserMenu email={session.email} signOuts={[{ label: 'Sign out', path: '/portal/sign-out', notice: null }]} />}
      banner={
        session.mode === 'test' ? (
          <>
            <strong>Test mode</strong> This portal shows {session.workspace.name}&apos;s test data: test links, clicks and sales. No real money is earned or
            paid here.
          </>
        ) : null
      }
    >
      {children}
    </Shell>
  );
}
