import { CanActivate, createParamDecorator, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
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

/** A request, with the session its guard found (a dashboard user's or a partner's). */
type SessionRequest<S = unknown> = FastifyRequest & { signedIn?: S };

const READS = new Set(['GET', 'HEAD']);

/** A parameter decorator for the session the request was made in (after its guard). */
export const signedInSession = <S>() =>
  createParamDecorator((_: unknown, ctx: ExecutionContext): S => ctx.switchToHttp().getRequest<SessionRequest<S>>().signedIn!);

/** The dashboard session the request was made in (after `SessionGuard`). */
export const Session = signedInSession<SignedInSession>();

/**
 * What both kinds of session guard do: find the session of their cookie, and hold the request to
 * `requireSession`'s rules. Each says which cookie and which sessions are its own.
 * (Decorated so its constructor's parameter types are emitted: the guards that extend it have none of their own.)
 */
@Injectable()
export abstract class CookieSessionGuard<S extends object> implements CanActivate {
  constructor(
    protected readonly sessions: SessionsRepository,
    protected readonly sessionKeys: SessionKeys,
  ) {}

  protected abstract find(request: FastifyRequest): Promise<{ secrets: SessionSecrets | null; session: S | null }>;

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<SessionRequest<S & { secrets: SessionSecrets }>>();
    const { secrets, session } = await this.find(request);
    request.signedIn = requireSession(request, secrets, session);
    return true;
  }
}

/**
 * A signed-in session, and for anything that changes something, proof the request comes from the
 * dashboard's own page: the same origin, and the session's CSRF token in `X-CSRF-Token` (which
 * another site's page cannot read, so cannot send).
 */
@Injectable()
export class SessionGuard extends CookieSessionGuard<Omit<SignedInSession, 'secrets'>> {
  protected async find(request: FastifyRequest) {
    const secrets = this.sessionKeys.fromCookie(readSessionCookie(request));
    return { secrets, session: secrets && (await this.sessions.findActive(secrets.tokenHash)) };
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
