import { applyDecorators, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger';
import { ApiKeyIdentity, CONVERSION_STATUSES } from '@app/domain';
import { Account, ApiAnswers, ListLimitPipe, SecretKeyController } from '@app/platform';
import { Grouping, GROUPINGS, groupingParam, MAX_SUMMARY_DAYS, oneOfParam, partnerIdParam, referralTokenParam, summaryPeriod } from './read-query';
import { ConversionTotals, SummariesRepository, SummaryScope } from './summaries.repository';

const summaryQueries = [
  { name: 'group_by', required: false, schema: { type: 'string', enum: [...GROUPINGS], default: 'day' } },
  { name: 'partner_id', required: false, description: 'Only this partner' },
  { name: 'referral_token', required: false, description: "Only this referral token (link): with group_by=day, one link's days" },
  {
    name: 'created_gte',
    required: false,
    description: 'From (inclusive): an ISO 8601 date (midnight UTC) or date-time with an offset; 30 days before created_lt by default',
  },
  {
    name: 'created_lt',
    required: false,
    description: `Until (exclusive); the end of today (UTC) by default; at most ${MAX_SUMMARY_DAYS} days after created_gte`,
  },
  {
    name: 'limit',
    required: false,
    description: 'group_by=partner or referral_token: how many partners or links, most first',
    schema: { type: 'integer', minimum: 1, maximum: 100, default: 50 },
  },
];

const ApiSummaryQueries = () => applyDecorators(...summaryQueries.map((query) => ApiQuery({ schema: { type: 'string' }, ...query })));

const summarySchema = (object: string, row: Record<string, SchemaObject>): SchemaObject => ({
  type: 'object',
  properties: {
    object: { type: 'string', enum: [object] },
    group_by: { type: 'string', enum: [...GROUPINGS] },
    created_gte: { type: 'string', format: 'date-time' },
    created_lt: { type: 'string', format: 'date-time' },
    data: { type: 'array', items: { type: 'object', properties: row } },
  },
});

const day: SchemaObject = { type: 'string', format: 'date', description: 'group_by=day: the day (UTC)' };
const partner: SchemaObject = { type: 'string', format: 'uuid', description: "group_by=partner, and referral_token (the link's partner)" };
const referralToken: SchemaObject = { type: 'string', description: 'group_by=referral_token: the link' };

/** The dashboard's and partner portal's charts: clicks and conversions counted per day (UTC), partner or link over a period. */
@SecretKeyController('v1', 'summaries')
export class SummariesController {
  constructor(private readonly summaries: SummariesRepository) {}

  @Get('click-summary')
  @ApiOperation({
    summary: 'Clicks per day (UTC), per partner or per referral token (link) over a period',
    description:
      'By day, every day of the period is listed, days without clicks with 0. By partner, the partners with the most clicks, most first; ' +
      'by referral token, the links with the most clicks, most first, each with its partner.',
  })
  @ApiSummaryQueries()
  @ApiAnswers(
    {
      status: 200,
      description: 'The clicks counted',
      schema: summarySchema('click_summary', { day, referral_token: referralToken, partner_id: partner, clicks: { type: 'integer' } }),
    },
    400,
    401,
    403,
  )
  async clickSummary(@Account() account: ApiKeyIdentity, @Query() query: Record<string, unknown>, @Query('limit', ListLimitPipe) limit: number) {
    const { scope, groupBy } = this.scopeOf(account, query);
    const data =
      groupBy === 'day'
        ? await this.summaries.clicksByDay(scope)
        : groupBy === 'partner'
          ? (await this.summaries.clicksByPartner(scope, limit)).map((p) => ({ partner_id: p.partnerId, clicks: p.clicks }))
          : (await this.summaries.clicksByReferralToken(scope, limit)).map((t) => ({
              referral_token: t.referralToken,
              partner_id: t.partnerId,
              clicks: t.clicks,
            }));
    return { object: 'click_summary', group_by: groupBy, ...periodOf(scope), data };
  }

  @Get('conversion-summary')
  @ApiOperation({
    summary: 'Conversions and revenue per day (UTC), per partner or per referral token (link), per currency, over a period',
    description:
      'Counts the conversions of the status asked for (converted by default: the sales credited to a partner) by when they were recorded. ' +
      'Money is in minor units of each currency and never summed across currencies; revenue_cents is what was paid, refunded_cents what went back. ' +
      'By day, only days with conversions are listed; by partner, the partners with the most conversions (all currencies counted), most first; ' +
      'by referral token, the links likewise, each with its partner, conversions without a link (a promo code, no click) as referral_token null.',
  })
  @ApiSummaryQueries()
  @ApiQuery({ name: 'status', required: false, schema: { type: 'string', enum: [...CONVERSION_STATUSES], default: 'converted' } })
  @ApiAnswers(
    {
      status: 200,
      description: 'The conversions counted, a row per currency',
      schema: summarySchema('conversion_summary', {
        day,
        referral_token: { ...referralToken, nullable: true },
        partner_id: partner,
        currency: { type: 'string', nullable: true, description: 'Null for conversions without money (e.g. leads)' },
        conversions: { type: 'integer' },
        revenue_cents: { type: 'integer' },
        refunded_cents: { type: 'integer' },
      }),
    },
    400,
    401,
    403,
  )
  async conversionSummary(@Account() account: ApiKeyIdentity, @Query() query: Record<string, unknown>, @Query('limit', ListLimitPipe) limit: number) {
    const { scope, groupBy } = this.scopeOf(account, query);
    const status = oneOfParam('status', query.status, CONVERSION_STATUSES) ?? 'converted';
    const data =
      groupBy === 'day'
        ? (await this.summaries.conversionsByDay(scope, status)).map((row) => ({ day: row.day, ...presentTotals(row) }))
        : groupBy === 'partner'
          ? (await this.summaries.conversionsByPartner(scope, status, limit)).map((row) => ({ partner_id: row.partnerId, ...presentTotals(row) }))
          : (await this.summaries.conversionsByReferralToken(scope, status, limit)).map((row) => ({
              referral_token: row.referralToken,
              partner_id: row.partnerId,
              ...presentTotals(row),
            }));
    return { object: 'conversion_summary', group_by: groupBy, status, ...periodOf(scope), data };
  }

  private scopeOf(account: ApiKeyIdentity, query: Record<string, unknown>): { scope: SummaryScope; groupBy: Grouping } {
    const groupBy = groupingParam(query.group_by);
    const scope = {
      workspaceId: account.workspaceId,
      mode: account.mode,
      period: summaryPeriod(query.created_gte, query.created_lt),
      partnerId: partnerIdParam(query.partner_id),
      referralToken: referralTokenParam(query.referral_token),
    };
    return { scope, groupBy };
  }
}

function periodOf(scope: SummaryScope) {
  return { created_gte: scope.period.from.toISOString(), created_lt: scope.period.to.toISOString() };
}

function presentTotals(totals: ConversionTotals) {
  return { currency: totals.currency, conversions: totals.conversions, revenue_cents: totals.revenueCents, refunded_cents: totals.refundedCents };
}
