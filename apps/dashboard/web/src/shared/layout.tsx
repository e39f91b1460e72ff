import { useQueryClient } from '@tanstack/react-query';
import { ReactNode, useEffect, useRef, useState } from 'react';
import { forgetSession, Mode, request } from './api';
import { Link, navigate, pathIn, useLocation } from './router';
import { useSession } from './session';

const NAV: Array<[string, string]> = [
  ['/', 'Overview'],
  ['/get-started', 'Get started'],
  ['/partners', 'Partners'],
  ['/conversions', 'Conversions'],
  ['/commissions', 'Commissions'],
  ['/payouts', 'Payouts'],
  ['/webhooks', 'Webhooks'],
  ['/settings', 'Settings'],
];

/** The section a page belongs to: a detail page (/partners/123) lights its list's entry. */
function sectionOf(page: string): string {
  const first = page.split('/').filter(Boolean)[0];
  return first && first !== 'overview' ? `/${first}` : '/';
}

export function Layout({ children }: { children: ReactNode }) {
  const { mode, page } = useLocation();
  const session = useSession();
  return (
    <Shell
      mode={mode}
      page={page}
      workspace={session.workspace.name ?? session.workspace.id}
      navLabel="Dashboard"
      nav={NAV.map(([to, label]) => [pathIn(mode, to), label])}
      current={pathIn(mode, sectionOf(page))}
      controls={
        <>
          <ModeSwitch />
          {mode === 'live' ? (
            <span className="live-marker" role="note">
              Live data
            </span>
          ) : null}
          <UserMenu
            email={session.user.email}
            signOuts={[
              { label: 'Sign out', path: '/auth/sign-out', notice: null },
              { label: 'Sign out everywhere', path: '/auth/sign-out-everywhere', notice: 'You signed out on every device; sign in again.' },
            ]}
          />
        </>
      }
      banner={
        mode === 'test' ? (
          <>
            <strong>Test data</strong> You are viewing test data: test partners, clicks and Stripe test events. Nothing here is live.
          </>
        ) : null
      }
    >
      {children}
    </Shell>
  );
}

/**
 * The frame of a signed-in app (the dashboard's, the portal's): top bar, the test-mode banner, the side
 * navigation and the page. `current` is the navigation entry lit for the page shown.
 */
export function Shell({
  mode,
  page,
  workspace,
  navLabel,
  nav,
  current,
  controls,
  banner,
  children,
}: {
  mode: Mode;
  page: string;
  workspace: string;
  navLabel: string;
  nav: Array<[string, string]>;
  current: string;
  controls: ReactNode;
  banner: ReactNode;
  children: ReactNode;
}) {
  const mainRef = useRef<HTMLElement>(null);
  const first = useRef(true);
  useEffect(() => {
    // A new page moves the focus to its content, so keyboard and screen-reader users start there, as after a page load.
    // Without scrolling: the page starts at its top, with the mode banner in view.
    if (first.current) first.current = false;
    else mainRef.current?.focus({ preventScroll: true });
  }, [page, mode]);
  return (
    <div className={`shell mode-${mode}`}>
      <a className="skip" href="#main">
        Skip to content
      </a>
      {/* Top bar and banner stick together, so the mode shown is never scrolled out of sight. */}
      <div className="top">
        <header className="topbar">
          <span className="brand">Selgeo</span>
          <span className="workspace">{workspace}</span>
          {controls}
        </header>
        {banner ? (
          <div className="test-banner" role="note">
            {banner}
          </div>
        ) : null}
      </div>
      <div className="columns">
        <nav className="sidenav" aria-label={navLabel}>
          <ul>
            {nav.map(([to, label]) => (
              <li key={to}>
                <Link to={to} aria-current={current === to ? 'page' : undefined}>
                  {label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" tabIndex={-1} ref={mainRef}>
          {children}
        </main>
      </div>
    </div>
  );
}

/** Always visible, like Stripe's: the same section in the other mode (ids do not cross modes). */
function ModeSwitch() {
  const { mode, page } = useLocation();
  const toggle = () => navigate(pathIn(mode === 'test' ? 'live' : 'test', sectionOf(page)));
  return (
    <label className="mode-switch">
      <span>Test mode</span>
      <button type="button" role="switch" aria-checked={mode === 'test'} aria-label="Test mode" className="switch" onClick={toggle}>
        <span className="knob" />
      </button>
    </label>
  );
}

/** Who is signed in, and the ways to sign out (each with the notice the sign-in page shows after it). */
export function UserMenu({ email, signOuts }: { email: string; signOuts: Array<{ label: string; path: string; notice: string | null }> }) {
  const client = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const signOut = async (path: string, notice: string | null) => {
    try {
      await request('POST', path);
      forgetSession(client, notice);
    } catch (e) {
      setError(`Signing out failed: ${(e as Error).message}`);
    }
  };
  return (
    <div className="user-menu">
      <span className="muted">{email}</span>
      {signOuts.map((s) => (
        <button key={s.path} type="button" className="button small" onClick={() => void signOut(s.path, s.notice)}>
          {s.label}
        </button>
      ))}
      {error ? (
        <span className="error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}
