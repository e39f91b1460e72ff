import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { PartnerApi } from '../../partner-api';
import { SignedInPartnerSession } from '../../portal-session.guard';
import { ConversionRow, counted, resultsByDay, resultsPeriod, summaryRange } from './partner-results';

export interface PartnerResultsQuery {
  from?: unknown;
  to?: unknown;
  token?: unknown;
}

interface Summary<R> {
  data: R[];
}

type ByToken<R> = R & { referral_token?: string | null };

/**
 * Clicks, conversions and revenue of the session's partner per day and per link, from attribution's
 * summaries: always filtered by the session's partner, and by one of the partner's own links when asked.
 */
@Injectable()
export class PartnerResultsUseCase {
  constructor(private readonly api: PartnerApi) {}

  async execute(session: SignedInPartnerSession, query: PartnerResultsQuery) {
    const period = resultsPeriod(query.from, query.to);
    if (query.token !== undefined && typeof query.token !== 'string') throw new BadRequestException('token must be given once');
    const partner = await this.api.partner(session);
    const tokens = (partner.referral_tokens ?? []).filter((t) => query.token === undefined || t.token === query.token);
    // Only the partner's own links: another's token is unknown here, whatever attribution knows of it.
    if (query.token !== undefined && tokens.length === 0) throw new NotFoundException(`You have no link ${String(query.token)}`);
    const scope = `partner_id=${session.partner.partnerId}&${summaryRange(period)}${query.token === undefined ? '' : `&referral_token=${encodeURIComponent(query.token)}`}`;
    const read = <R>(path: string, groupBy: string) => this.api.get<Summary<R>>(session, 'attribution', `/v1/${path}?group_by=${groupBy}&${scope}&limit=100`);
    const [clicksByDay, conversionsByDay, clicksByToken, conversionsByToken] = await Promise.all([
      read<{ day: string; clicks: number }>('click-summary', 'day'),
      read<ConversionRow & { day: string }>('conversion-summary', 'day'),
      read<ByToken<{ clicks: number }>>('click-summary', 'referral_token'),
      read<ByToken<ConversionRow>>('conversion-summary', 'referral_token'),
    ]);
    return {
      object: 'portal_results',
      from: period.from,
      to: period.to,
      days: resultsByDay(period, clicksByDay.data, conversionsByDay.data),
      links: tokens.map((t) => ({
        token: t.token,
        label: t.label ?? null,
        ...counted(
          clicksByToken.data.find((row) => row.referral_token === t.token)?.clicks ?? 0,
          conversionsByToken.data.filter((row) => row.referral_token === t.token),
        ),
      })),
    };
  }
}
