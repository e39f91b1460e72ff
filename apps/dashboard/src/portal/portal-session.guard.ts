import { CanActivate, createParamDecorator, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { readSessionCookie } from '../sessions/session-cookie';
import { SessionKeys } from '../sessions/session-keys';
import { PORTAL_SESSIONS, SessionSecrets } from '../sessions/session-secrets';
import { requireSession } from '../sessions/session.guard';
import { ActivePortalSession, SessionsRepository } from '../sessions/sessions.repository';

/** A partner's portal session: their account, and the secrets its cookie holds. */
export interface SignedInPartnerSession extends ActivePortalSession {
  secrets: SessionSecrets;
}

type PortalRequest = FastifyRequest & { portalSession?: SignedInPartnerSession };

/** The portal session the request was made in (after `PortalSessionGuard`). */
export const PortalSession = createParamDecorator((_: unknown, ctx: ExecutionContext): SignedInPartnerSession => {
  return ctx.switchToHttp().getRequest<PortalRequest>().portalSession!;
});

/**
 * The dashboard's session rules for the portal's cookie: a session that has not ended (nor its
 * partner's access been suspended), and for a change, the portal's own origin and the CSRF token.
 */
@Injectable()
export class PortalSessionGuard implements CanActivate {
  constructor(
    @Inject(SessionsRepository) private readonly sessions: SessionsRepository,
    @Inject(SessionKeys) private readonly sessionKeys: SessionKeys,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<PortalRequest>();
    const secrets = this.sessionKeys.portalFromCookie(readSessionCookie(request, PORTAL_SESSIONS));
    const session = secrets && (await this.sessions.findActivePartner(secrets.tokenHash));
    request.portalSession = requireSession(request, secrets, session);
    return true;
  }
}
