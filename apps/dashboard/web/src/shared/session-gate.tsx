import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ComponentType, Context, ReactNode, Suspense, useEffect } from 'react';
import { ApiError, forgetSession, request, setCsrfToken, SIGN_IN_NOTICE_KEY, whenSessionEnds } from './api';
import { Loading, Problem } from './ui';

export const SESSION_KEY = ['session'];

/**
 * Asks the server who is signed in (`path`: the dashboard's `/auth/session`, the portal's `/portal/session`)
 * and shows the sign-in page until someone is; any later 401 ends the session and shows it again. Signed in,
 * the pages (`children`, lazy chunks) are shown in the app's layout with the session in `context`.
 */
export function SessionGate<S extends { csrf_token: string }>({
  path,
  what,
  signIn,
  context,
  layout: Layout,
  children,
}: {
  path: string;
  /** Named while loading and when the server cannot be reached, e.g. "the dashboard". */
  what: string;
  signIn: (notice: string | null) => ReactNode;
  context: Context<S | null>;
  layout: ComponentType<{ children: ReactNode }>;
  children: ReactNode;
}) {
  const client = useQueryClient();
  const session = useQuery<S | null, Error>({
    queryKey: SESSION_KEY,
    queryFn: async () => {
      try {
        return await request<S>('GET', path, { quietUnauthorized: true });
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: Infinity,
    retry: 1,
  });

  useEffect(() => {
    // Any 401 from the server means the session is over: drop every cached answer and show the sign-in page.
    whenSessionEnds(() => forgetSession(client, 'Your session ended; sign in again.'));
  }, [client]);

  if (session.data) setCsrfToken(session.data.csrf_token);
  if (session.isPending) return <Loading what={what} />;
  if (session.error)
    return (
      <main className="center">
        <Problem>
          {what[0].toUpperCase() + what.slice(1)} cannot reach its server: {session.error.message}
        </Problem>
      </main>
    );
  if (!session.data) return <>{signIn(client.getQueryData<string | null>(SIGN_IN_NOTICE_KEY) ?? null)}</>;
  return (
    <context.Provider value={session.data}>
      <Layout>
        <Suspense fallback={<Loading what="the page" />}>{children}</Suspense>
      </Layout>
    </context.Provider>
  );
}
