import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { readSessionCookie } from '../sessions/session-cookie';
import { PORTAL_SESSIONS, SessionSecrets } from '../sessions/session-secrets';
import { CookieSessionGuard, signedInSession } from '../sessions/session.guard';
import { ActivePortalSession } from '../sessions/sessions.repository';

/** A partner's portal session: their account, and the secrets its cookie holds. */
export interface SignedInPartnerSession extends ActivePortalSession {
  secrets: SessionSecrets;
}

/** The portal session the request was made in (after `PortalSessionGuard`). */
export const PortalSession = signedInSession<SignedInPartnerSession>();

/**
 * The dashboard's session rules for the portal's cookie: a session that has not ended (nor its
 * partner's access been suspended), and for a change, the portal's own origin and the CSRF token.
 */
@Injectable()
export class PortalSessionGuard extends CookieSessionGuard<ActivePortalSession> {
  protected async find(request: FastifyRequest) {
    const secrets = this.sessionKeys.portalFromCookie(readSessionCookie(request, PORTAL_SESSIONS));
    return { secrets, session: secrets && (await this.sessions.findActivePartner(secrets.tokenHash)) };
  }
}
