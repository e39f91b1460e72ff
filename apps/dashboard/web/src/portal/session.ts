import { sessionContext } from '../shared/session';
import type { PortalSession } from './api';

/** The signed-in partner, their merchant's workspace and the mode of the session. */
export const [PortalSessionContext, usePortalSession] = sessionContext<PortalSession>();
