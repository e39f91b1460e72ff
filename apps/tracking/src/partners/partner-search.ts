import { BadRequestException } from '@nestjs/common';
import { isUuid } from '@app/domain';
import type { PartnerSearch } from './partners.repository';

export const MAX_PARTNER_SEARCH_LENGTH = 200;

/**
 * What `q` of `GET /v1/partners` asks for: a partner id finds that partner (a dashboard pastes ids
 * from conversions); anything else is the start of a name or an email, whatever the case.
 */
export function partnerSearchOf(q: unknown): PartnerSearch | undefined {
  if (q === undefined) return undefined;
  if (typeof q !== 'string') throw new BadRequestException('q must be given once');
  const text = q.trim();
  if (text.length === 0) throw new BadRequestException('q must not be empty: leave it out to list every partner');
  if (text.length > MAX_PARTNER_SEARCH_LENGTH) throw new BadRequestException(`q must be at most ${MAX_PARTNER_SEARCH_LENGTH} characters`);
  if (text.includes('\u0000')) throw new BadRequestException('q must not contain NUL characters');
  return isUuid(text) ? { id: text.toLowerCase() } : { prefix: text };
}
