import type { FastifyReply, FastifyRequest } from 'fastify';
import { DASHBOARD_SESSIONS, SessionKind } from './session-secrets';

/**
 * Over https the cookie is `__Host-` prefixed: browsers then refuse one set by a sibling subdomain
 * or without Secure, so no other site of the domain can plant a session of its own.
 */
const nameFor = (request: FastifyRequest, sessions: SessionKind) => (request.protocol === 'https' ? `__Host-${sessions.cookieName}` : sessions.cookieName);

/** The session cookie's value; undefined when there is none, or more than one (a planted cookie beside ours). */
export function readSessionCookie(request: FastifyRequest, sessions: SessionKind = DASHBOARD_SESSIONS): string | undefined {
  const name = nameFor(request, sessions);
  const values: string[] = [];
  for (const pair of (request.headers.cookie ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === name) values.push(pair.slice(at + 1).trim());
  }
  return values.length === 1 ? values[0] : undefined;
}

/**
 * HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it) and, where the
 * dashboard is reached over https (directly or through a proxy that says so), Secure.
 */
export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  maxAgeSeconds: number,
  sessions: SessionKind = DASHBOARD_SESSIONS,
): void {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  reply.header('set-cookie', `${nameFor(request, sessions)}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure}`);
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply, sessions: SessionKind = DASHBOARD_SESSIONS): void {
  setSessionCookie(request, reply, '', 0, sessions);
}
