import { CanActivate, createParamDecorator, ExecutionContext, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DashboardUser } from '../users/dashboard-user';
import { readSessionCookie } from './session-cookie';
import { SessionKeys } from './session-keys';
import { SessionSecrets } from './session-secrets';
import { SessionsRepository } from './sessions.repository';

export interface SignedInSession {
  user: DashboardUser;
  expiresAt: Date;
  secrets: SessionSecrets;
}

type SessionRequest = FastifyRequest & { dashboardSession?: SignedInSession };

const READS = new Set(['GET', 'HEAD']);

/** The session the request was made in (after `SessionGuard`). */
export const Session = createParamDecorator((_: unknown, ctx: ExecutionContext): SignedInSession => {
  return ctx.switchToHttp().getRequest<SessionRequest>().dashboardSession!;
});

/**
 * A signed-in session, and for anything that changes something, proof the request comes from the
 * dashboard's own page: the same origin, and the session's CSRF token in `X-CSRF-Token` (which
 * another site's page cannot read, so cannot send).
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    @Inject(SessionsRepository) private readonly sessions: SessionsRepository,
    @Inject(SessionKeys) private readonly sessionKeys: SessionKeys,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<SessionRequest>();
    const secrets = this.sessionKeys.fromCookie(readSessionCookie(request));
    const session = secrets && (await this.sessions.findActive(secrets.tokenHash));
    request.dashboardSession = requireSession(request, secrets, session);
    return true;
  }
}

/**
 * What every session-guarded request must show (the dashboard's and the portal's): a session that
 * has not ended, and for a change, the page's own origin and the session's CSRF token.
 */
export function requireSession<S extends object>(request: FastifyRequest, secrets: SessionSecrets | null, session: S | null): S & { secrets: SessionSecrets } {
  if (!secrets || !session) throw new UnauthorizedException('You are not signed in, or your session has ended: sign in again');
  if (!READS.has(request.method)) {
    requireSameOrigin(request);
    if (!secrets.csrfMatches(headerOf(request, 'x-csrf-token'))) {
      throw new ForbiddenException("This request lacks your session's CSRF token (header X-CSRF-Token): reload the page and try again");
    }
  }
  return { ...session, secrets };
}

/** Refuses a request a browser says another site's page made (Origin, or Sec-Fetch-Site where sent). */
export function requireSameOrigin(request: FastifyRequest): void {
  const origin = headerOf(request, 'origin');
  const site = headerOf(request, 'sec-fetch-site');
  let foreign = site !== undefined && site !== 'same-origin' && site !== 'none';
  if (origin !== undefined && origin !== 'null') {
    try {
      // request.host is the Host a trusted proxy forwarded (X-Forwarded-Host), else the request's own.
      foreign ||= new URL(origin).host !== request.host;
    } catch {
      foreign = true;
    }
  } else if (origin === 'null') foreign = true;
  if (foreign) throw new ForbiddenException('Requests from other sites are refused: use the dashboard itself');
}

function headerOf(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
