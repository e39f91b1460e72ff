import { CanActivate, ExecutionContext, Inject, Injectable, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { TRACKING_CONFIG } from '../tracking.config.token';
import type { TrackingConfig } from '../config';

/**
 * Lets through requests that carry the operator credential (ADMIN_API_TOKEN) as a bearer token.
 * Both sides are hashed before the constant-time comparison, so neither the token's characters nor
 * its length show in the timing. Without the setting the admin API does not exist.
 */
@Injectable()
export class OperatorGuard implements CanActivate {
  private readonly expected?: Buffer;

  constructor(@Inject(TRACKING_CONFIG) config: TrackingConfig) {
    this.expected = config.ADMIN_API_TOKEN ? digest(config.ADMIN_API_TOKEN) : undefined;
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.expected) throw new NotFoundException('The admin API is off: set ADMIN_API_TOKEN on the tracking service to turn it on');
    const header = context.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>().headers['authorization'];
    const token = [header].flat()[0]?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
    if (!token) throw new UnauthorizedException('Missing operator credential: send the header "Authorization: Bearer <ADMIN_API_TOKEN>"');
    if (!timingSafeEqual(digest(token), this.expected)) throw new UnauthorizedException('Invalid operator credential');
    return true;
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
