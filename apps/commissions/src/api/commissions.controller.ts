import { BadRequestException, Body, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery } from '@nestjs/swagger';
import { ApiKeyIdentity, COMMISSION_STATUSES } from '@app/domain';
import { Account, ApiAnswers, ApiZodBody, findByIdOr404, ListEndpoint, ListLimitPipe, SecretKeyController, ZodValidationPipe } from '@app/platform';
import { presentCommission } from '../store/commission-rows';
import { voidCommissionBody } from '../usecases/review-commission/review-commission.command';
import { ReviewCommissionUseCase } from '../usecases/review-commission/review-commission.usecase';
import { LIST_FILTERS, listFilter, ListQuery, listRecords, params } from './query-params';
import { balanceSchema, commissionSchema, commissionWithAdjustmentsSchema, summarySchema } from './schemas';
import { CommissionsStore } from '../store/commissions-store';

const DAY_MS = 86_400_000;
/** A summary spans at most about a year and a month: one row per day stays small. */
const MAX_SUMMARY_DAYS = 400;

@SecretKeyController('v1', 'commissions')
export class CommissionsController {
  constructor(
    private readonly store: CommissionsStore,
    private readonly review: ReviewCommissionUseCase,
  ) {}

  @ListEndpoint(
    'commissions',
    { what: 'commission', summary: 'List commissions, newest first', description: 'A page of commissions', item: commissionSchema },
    ...LIST_FILTERS,
    { name: 'created_from', required: false, description: 'ISO 8601; inclusive' },
    { name: 'created_to', required: false, description: 'ISO 8601; exclusive' },
  )
  async list(@Account() account: ApiKeyIdentity, @Query('limit', ListLimitPipe) take: number, @Query() query: ListQuery) {
    const filter = {
      ...listFilter(account, query, COMMISSION_STATUSES),
      from: params.date('created_from', query.created_from),
      to: params.date('created_to', query.created_to),
    };
    return listRecords('commission', this.store.commissions, this.store.db, filter, take, query, presentCommission);
  }

  @Get('commissions/:id')
  @ApiOperation({ summary: 'One commission, with its adjustments' })
  @ApiAnswers({ status: 200, description: 'The commission', schema: commissionWithAdjustmentsSchema }, 401, 403, 404)
  async get(@Account() account: ApiKeyIdentity, @Param('id') id: string) {
    const c = await findByIdOr404('commission', id, account.mode, (uuid) =>
      this.store.commissions.find(this.store.db, account.workspaceId, account.mode, uuid),
    );
    const adjustments = await this.store.commissions.adjustmentsOf(this.store.db, c.id);
    return {
      ...presentCommission(c),
      adjustments: adjustments.map((a) => ({ id: a.id, amount_cents: a.amountCents, payout_id: a.payoutId, created_at: a.createdAt.toISOString() })),
    };
  }

  @Post('commissions/:id/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve a commission now (before its hold ends, or after a review)' })
  @ApiAnswers({ status: 200, description: 'The commission', schema: commissionSchema }, 401, 403, 404, 409)
  async approve(@Account() account: ApiKeyIdentity, @Param('id') id: string) {
    return presentCommission(await this.review.execute({ workspaceId: account.workspaceId, mode: account.mode, commissionId: id, decision: 'approve' }));
  }

  @Post('commissions/:id/void')
  @HttpCode(200)
  @ApiOperation({ summary: 'Void a commission, with a reason' })
  @ApiZodBody(voidCommissionBody)
  @ApiAnswers({ status: 200, description: 'The commission', schema: commissionSchema }, 400, 401, 403, 404, 409)
  async void(@Account() account: ApiKeyIdentity, @Param('id') id: string, @Body(new ZodValidationPipe(voidCommissionBody)) body: { reason: string }) {
    return presentCommission(
      await this.review.execute({ workspaceId: account.workspaceId, mode: account.mode, commissionId: id, decision: 'void', reason: body.reason }),
    );
  }

  @Get('partners/:partnerId/balance')
  @ApiOperation({ summary: "A partner's balance per currency: pending, on hold, in review, approved, in a draft payout, paid, owed back" })
  @ApiAnswers({ status: 200, description: 'The balance', schema: balanceSchema }, 400, 401, 403)
  async balance(@Account() account: ApiKeyIdentity, @Param('partnerId') partnerId: string) {
    const id = params.partnerId(partnerId)!;
    const rows = await this.store.commissions.balance(this.store.db, account.workspaceId, account.mode, id);
    const n = (v: string) => Number(v);
    return {
      object: 'balance',
      partner_id: id,
      currencies: rows.map((r) => ({
        currency: r.currency,
        pending: n(r.pending),
        on_hold: n(r.on_hold),
        in_review: n(r.in_review),
        approved: n(r.approved),
        in_payout: n(r.in_payout),
        paid: n(r.paid),
        owed_back: n(r.owed_back),
      })),
    };
  }

  @Get('commission-summary')
  @ApiOperation({ summary: 'Clicks, conversions, revenue and commissions by day (UTC) or by partner; money per currency' })
  @ApiQuery({ name: 'group_by', required: false, schema: { type: 'string', enum: ['day', 'partner'], default: 'day' } })
  @ApiQuery({ name: 'from', required: false, description: 'ISO 8601, inclusive; 30 days before `to` by default' })
  @ApiQuery({ name: 'to', required: false, description: 'ISO 8601, exclusive; now by default' })
  @ApiAnswers({ status: 200, description: 'The summary', schema: summarySchema }, 400, 401, 403)
  async summary(@Account() account: ApiKeyIdentity, @Query('group_by') groupBy = 'day', @Query('from') fromParam?: string, @Query('to') toParam?: string) {
    if (groupBy !== 'day' && groupBy !== 'partner') throw new BadRequestException('group_by must be day or partner');
    const to = params.date('to', toParam) ?? new Date();
    const from = params.date('from', fromParam) ?? new Date(to.getTime() - 30 * DAY_MS);
    if (from >= to) throw new BadRequestException('from must be before to');
    if (to.getTime() - from.getTime() > MAX_SUMMARY_DAYS * DAY_MS) throw new BadRequestException(`from and to may be at most ${MAX_SUMMARY_DAYS} days apart`);
    const rows = await this.store.summaries.summary(this.store.db, account.workspaceId, account.mode, from, to, groupBy);
    return {
      object: 'commission_summary',
      group_by: groupBy,
      from: from.toISOString(),
      to: to.toISOString(),
      data: rows.map((r) => ({
        [groupBy === 'day' ? 'day' : 'partner_id']: r.key,
        clicks: r.clicks,
        currencies: r.byCurrency.map((c) => ({
          currency: c.currency,
          conversions: c.conversions,
          revenue_cents: c.revenueCents,
          commissions_cents: c.commissionsCents,
        })),
      })),
    };
  }
}
