import { applyDecorators, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger';
import { ApiKeyIdentity, CONVERSION_STATUSES } from '@app/domain';
import { Account, ApiAnswers, ListLimitPipe, SecretKeyController } from '@app/platform';
import { groupingParam, MAX_SUMMARY_DAYS, oneOfParam, partnerIdParam, summaryPeriod } from './read-query';
import { ConversionTotals, SummariesRepository, SummaryScope } from './summaries.repository';

const summaryQueries = [
  { name: 'group_by', required: false, schema: { type: 'string', enum: ['day', 'partner'], default: 'day' } },
  { name: 'partner_id', required: false, description: 'Only this partner' },
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
    description: 'group_by=partner: how many partners, most first',
    schema: { type: 'integer', minimum: 1, maximum: 100, default: 50 },
  },
];

const ApiSummaryQueries = () => applyDecorators(...summaryQueries.map((query) => ApiQuery({ schema: { type: 'string' }, ...query })));

const summarySchema = (object: string, row: Record<string, SchemaObject>): SchemaObject => ({
  type: 'object',
  properties: {
    object: { type: 'string', enum: [object] },
    group_by: { type: 'string', enum: ['day', 'partner'] },
    created_gte: { type: 'string', format: 'date-time' },
    created_lt: { type: 'string', format: 'date-time' },
    data: { type: 'array', items: { type: 'object', properties: row } },
  },
});

const day: SchemaObject = { type: 'string', format: 'date', description: 'group_by=day: the day (UTC)' };
const partner: SchemaObject = { type: 'string', format: 'uuid', description: 'group_by=partner' };

/** The dashboard's charts: clicks and conversions counted per day (UTC) or per partner over a period. */
@SecretKeyController('v1', 'summaries')
export class SummariesController {
  constructor(@Inject(SummariesRepository) private readonly summaries: SummariesRepository) {}

  @Get('click-summary')
  @ApiOperation({
    summary: 'Clicks per day (UTC) or per partner over a period',
    description: 'By day, every day of the period is listed, days without clicks with 0. By partner, the partners with the most clicks, most first.',
  })
  @ApiSummaryQueries()
  @ApiAnswers(
    { status: 200, description: 'The clicks counted', schema: summarySchema('click_summary', { day, partner_id: partner, clicks: { type: 'integer' } }) },
    400,
    401,
    403,
  )
  async clickSummary(@Account() account: ApiKeyIdentity, @Query() query: Record<string, unknown>, @Query('limit', ListLimitPipe) limit: number) {
    const { scope, groupBy } = this.scopeOf(account, query);
    const data =
      groupBy === 'day'
        ? await this.summaries.clicksByDay(scope)
        : (await this.summaries.clicksByPartner(scope, limit)).map((p) => ({ partner_id: p.partnerId, clicks: p.clicks }));
    return { object: 'click_summary', group_by: groupBy, ...periodOf(scope), data };
  }

  @Get('conversion-summary')
  @ApiOperation({
    summary: 'Conversions and revenue per day (UTC) or per partner, per currency, over a period',
    description:
      'Counts the conversions of the status asked for (converted by default: the sales credited to a partner) by when they were recorded. ' +
      'Money is in minor units of each currency and never summed across currencies; revenue_cents is what was paid, refunded_cents what went back. ' +
      'By day, only days with conversions are listed; by partner, the partners with the most conversions (all currencies counted), most first.',
  })
  @ApiSummaryQueries()
  @ApiQuery({ name: 'status', required: false, schema: { type: 'string', enum: [...CONVERSION_STATUSES], default: 'converted' } })
  @ApiAnswers(
    {
      status: 200,
      description: 'The conversions counted, a row per currency',
      schema: summarySchema('conversion_summary', {
        day,
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
        : (await this.summaries.conversionsByPartner(scope, status, limit)).map((row) => ({ partner_id: row.partnerId, ...presentTotals(row) }));
    return { object: 'conversion_summary', group_by: groupBy, status, ...periodOf(scope), data };
  }

  private scopeOf(account: ApiKeyIdentity, query: Record<string, unknown>): { scope: SummaryScope; groupBy: 'day' | 'partner' } {
    const groupBy = groupingParam(query.group_by);
    const scope = {
      workspaceId: account.workspaceId,
      mode: account.mode,
      period: summaryPeriod(query.created_gte, query.created_lt),
      partnerId: partnerIdParam(query.partner_id),
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
