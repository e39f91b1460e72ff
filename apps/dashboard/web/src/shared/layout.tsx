import { useQueryClient } from '@tanstack/react-query';
import { ReactNode, useEffect, useRef, useState } from 'react';
import { forgetSession, request } from './api';
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
  const section = sectionOf(page);
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
          <span className="workspace">{session.workspace.name ?? session.workspace.id}</span>
          <ModeSwitch />
          {mode === 'live' ? (
            <span className="live-marker" role="note">
              Live data
            </span>
          ) : null}
          <UserMenu />
        </header>
        {mode === 'test' ? (
          <div className="test-banner" role="note">
            <strong>Test data</strong> You are viewing test data: test partners, clicks and Stripe test events. Nothing here is live.
          </div>
        ) : null}
      </div>
      <div className="columns">
        <nav className="sidenav" aria-label="Dashboard">
          <ul>
            {NAV.map(([to, label]) => (
              <li key={to}>
                <Link to={pathIn(mode, to)} aria-current={section === to ? 'page' : undefined}>
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

function UserMenu() {
  const session = useSession();
  const client = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const signOut = async (everywhere: boolean) => {
    try {
      await request('POST', everywhere ? '/auth/sign-out-everywhere' : '/auth/sign-out');
      forgetSession(client, everywhere ? 'You signed out on every device; sign in again.' : null);
    } catch (e) {
      setError(`Signing out failed: ${(e as Error).message}`);
    }
  };
  return (
    <div className="user-menu">
      <span className="muted">{session.user.email}</span>
      <button type="button" className="button small" onClick={() => void signOut(false)}>
        Sign out
      </button>
      <button type="button" className="button small" onClick={() => void signOut(true)}>
        Sign out everywhere
      </button>
      {error ? (
        <span className="error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}
