import { CanActivate, createParamDecorator, ExecutionContext, ForbiddenException, Injectable, SetMetadata, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiKeyIdentity, ApiKeyKind } from '@app/domain';
import { ApiKeyDirectory } from './api-key-directory';
import { partnerScopeRefusal, ScopedRequest } from './partner-scope';

const REQUIRED_KIND = 'selgeo:required-key-kind';

/** The kind of key a route takes: `secret` (server-side) or `publishable` (browsers, clicks only). */
export const RequiresKey = (kind: ApiKeyKind) => SetMetadata(REQUIRED_KIND, kind);

interface AuthenticatedRequest extends ScopedRequest {
  headers: Record<string, string | string[] | undefined>;
  account?: ApiKeyIdentity;
}

/** The workspace and mode of the key that authenticated the request. */
export const Account = createParamDecorator((_: unknown, ctx: ExecutionContext): ApiKeyIdentity => {
  return ctx.switchToHttp().getRequest<AuthenticatedRequest>().account!;
});

@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly directory: ApiKeyDirectory,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const kind = this.reflector.getAllAndOverride<ApiKeyKind | undefined>(REQUIRED_KIND, [context.getHandler(), context.getClass()]);
    if (!kind) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const key = presentedKey(request, kind);
    const example = kind === 'secret' ? 'sk_test_...' : 'pk_test_...';
    const authorization = [request.headers['authorization']].flat()[0];
    if (!key && authorization && !/^Bearer\b/i.test(authorization)) {
      throw new UnauthorizedException(
        `The Authorization header lacks the Bearer scheme: send "Authorization: Bearer ${example}" (the word Bearer, a space, then the key)`,
      );
    }
    if (!key) throw new UnauthorizedException(`Missing API key: send the header "Authorization: Bearer ${example}"`);
    const identity = await this.directory.resolve(key);
    if (!identity) throw new UnauthorizedException('Invalid API key: it is malformed, unknown or revoked');
    if (identity.kind !== kind) {
      throw new ForbiddenException(
        kind === 'secret'
          ? 'This endpoint needs a secret key (sk_...); publishable keys may only register clicks'
          : 'This endpoint takes a publishable key (pk_...); keep secret keys out of browsers',
      );
    }
    if (identity.partnerId) {
      const refusal = partnerScopeRefusal(identity.partnerId, request);
      if (refusal) throw new ForbiddenException(refusal);
    }
    request.account = identity;
    return true;
  }
}

function presentedKey(request: AuthenticatedRequest, kind: ApiKeyKind): string | undefined {
  const header = request.headers['authorization'];
  const value = Array.isArray(header) ? header[0] : header;
  const bearer = value?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  if (bearer) return bearer;
  // Browsers post clicks without a custom header to avoid a CORS preflight round trip.
  if (kind === 'publishable' && request.body && typeof request.body === 'object') {
    const fromBody = (request.body as Record<string, unknown>).publishable_key;
    if (typeof fromBody === 'string') return fromBody;
  }
  return undefined;
}
