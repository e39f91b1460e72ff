import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Over https the cookie is `__Host-` prefixed: browsers then refuse one set by a sibling subdomain
 * or without Secure, so no other site of the domain can plant a session of its own.
 */
const NAMES = { http: 'selgeo_session', https: '__Host-selgeo_session' };

const nameFor = (request: FastifyRequest) => (request.protocol === 'https' ? NAMES.https : NAMES.http);

/** The session cookie's value; undefined when there is none, or more than one (a planted cookie beside ours). */
export function readSessionCookie(request: FastifyRequest): string | undefined {
  const name = nameFor(request);
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
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, maxAgeSeconds: number): void {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  reply.header('set-cookie', `${nameFor(request)}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure}`);
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  setSessionCookie(request, reply, '', 0);
}
