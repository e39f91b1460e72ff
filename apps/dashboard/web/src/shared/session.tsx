import { createContext, useContext } from 'react';
import type { Session } from './api';

/** The signed-in person, their workspace and the links the server computed for it. */
export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}
