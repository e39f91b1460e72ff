import { Context, createContext, useContext } from 'react';
import type { Session } from './api';

/** A context for the signed-in session and the hook that reads it on a signed-in page. */
export function sessionContext<S>(): [Context<S | null>, () => S] {
  const context = createContext<S | null>(null);
  const use = () => {
    const session = useContext(context);
    if (!session) throw new Error('useSession outside a signed-in page');
    return session;
  };
  return [context, use];
}

/** The signed-in person, their workspace and the links the server computed for it. */
export const [SessionContext, useSession] = sessionContext<Session>();
