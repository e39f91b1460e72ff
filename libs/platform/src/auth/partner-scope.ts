import { CallHandler, ExecutionContext, Injectable, NestInterceptor, NotFoundException } from '@nestjs/common';
import { map, Observable } from 'rxjs';
import { ApiKeyIdentity } from '@app/domain';

/**
 * What a key that acts for one partner (the partner portal's `ps_` keys) may call, in every service:
 * the portal's own reads and changes, each about that partner. The portal server calls nothing else;
 * refusing the rest here as well means that a bug there, or a leaked key, cannot reach the
 * workspace's other partners or its buyers' data.
 *
 * `path`: the partner is the path's; `query`: the request must filter by the partner
 * (`partner_id`); `answer`: one record by id, answered only when it is the partner's
 * (PartnerScopeInterceptor); `none`: the workspace's settings, which hold nothing of anyone's.
 */
const PARTNER_ROUTES: Array<[method: string, path: RegExp, partner: 'path' | 'query' | 'answer' | 'none']> = [
  ['GET', /^\/v1\/partners\/([^/]+)$/, 'path'],
  ['PATCH', /^\/v1\/partners\/([^/]+)$/, 'path'],
  ['POST', /^\/v1\/partners\/([^/]+)\/referral-tokens$/, 'path'],
  ['GET', /^\/v1\/partners\/([^/]+)\/balance$/, 'path'],
  ['GET', /^\/v1\/settings$/, 'none'],
  ['GET', /^\/v1\/(conversions|commissions|payouts|click-summary|conversion-summary)$/, 'query'],
  ['GET', /^\/v1\/(conversions|commissions|payouts)\/[^/]+$/, 'answer'],
];

/** What a partner may change of their own record: where they are paid. */
const PARTNER_CHANGES = new Set(['payout_email', 'payout_reference']);

export interface ScopedRequest {
  method: string;
  url: string;
  query?: unknown;
  body?: unknown;
}

/** Why a partner's key may not make this request, or null when it may. */
export function partnerScopeRefusal(partnerId: string, request: ScopedRequest): string | null {
  const path = request.url.split('?')[0];
  const route = PARTNER_ROUTES.find(([method, pattern]) => method === request.method && pattern.test(path));
  if (!route) return `A partner's key may not call ${request.method} ${path}`;
  const [, pattern, partner] = route;
  if (partner === 'path' && pattern.exec(path)![1] !== partnerId) return "A partner's key may only act on its own partner";
  if (partner === 'query' && (request.query as Record<string, unknown> | undefined)?.partner_id !== partnerId) {
    return `A partner's key must filter by its own partner (partner_id=${partnerId})`;
  }
  const body = request.body && typeof request.body === 'object' ? Object.keys(request.body) : [];
  if (request.method === 'PATCH' && body.some((field) => !PARTNER_CHANGES.has(field))) return 'A partner may change only their payout details';
  if (request.method === 'POST' && body.includes('token')) return 'A partner may not choose a referral token: it is made at random';
  return null;
}

/** A record answered by id to a partner's key only when it is that partner's: another's is as unknown as none. */
@Injectable()
export class PartnerScopeInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const partnerId = context.switchToHttp().getRequest<{ account?: ApiKeyIdentity }>().account?.partnerId;
    if (!partnerId) return next.handle();
    return next.handle().pipe(
      map((answer: unknown) => {
        const owner = answer && typeof answer === 'object' ? (answer as { partner_id?: unknown }).partner_id : undefined;
        if (owner !== undefined && owner !== partnerId) throw new NotFoundException('No such record for this partner');
        return answer;
      }),
    );
  }
}
