import { BadRequestException, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiKeyIdentity, CONVERSION_KINDS, CONVERSION_SOURCES, CONVERSION_STATUSES } from '@app/domain';
import { createdRange, oneOfParam, partnerIdParam, referralTokenParam } from '../reads/read-query';
import { Account, findByIdOr404, ListEndpoint, ListLimitPipe, listPage, SecretKeyController } from '@app/platform';
import { ConversionRecord, presentConversion } from './conversion-record';
import { ConversionsRepository } from './conversions.repository';
import { ConversionHistoryUseCase } from '../usecases/conversion-history/conversion-history.usecase';
import { conversionHistorySchema } from '../usecases/conversion-history/conversion-history';
import { StripeEventRecordEntity } from '../stripe-events/stripe-event-record.entity';
import { presentStripeEvent, STRIPE_ID, stripeEventSchema } from '../stripe-events/stripe-event.presenter';
import { ApiOperation } from '@nestjs/swagger';
import { ApiAnswers, conversionSchema } from '@app/platform';

/** What operators read: conversions, and why a Stripe event produced none (secret key). */
@SecretKeyController('v1', 'conversions')
export class ConversionsController {
  constructor(
    private readonly conversions: ConversionsRepository,
    private readonly conversionHistory: ConversionHistoryUseCase,
  ) {}

  @ListEndpoint(
    'conversions',
    { what: 'conversion', summary: 'List conversions, newest first', description: 'A page of conversions', item: conversionSchema },
    { name: 'partner_id', required: false },
    { name: 'referral_token', required: false, description: 'Only the conversions that came through this referral token (link)' },
    { name: 'stripe_customer', required: false, description: 'A Stripe customer id (cus_...)' },
    { name: 'status', required: false, schema: { type: 'string', enum: [...CONVERSION_STATUSES] } },
    { name: 'kind', required: false, schema: { type: 'string', enum: [...CONVERSION_KINDS] } },
    { name: 'source', required: false, schema: { type: 'string', enum: [...CONVERSION_SOURCES] } },
    { name: 'created_gte', required: false, description: 'Created at or after: an ISO 8601 date (midnight UTC) or date-time with an offset' },
    { name: 'created_lt', required: false, description: 'Created before: an ISO 8601 date (midnight UTC) or date-time with an offset' },
  )
  async list(
    @Account() account: ApiKeyIdentity,
    @Query('limit', ListLimitPipe) take: number,
    @Query('starting_after') startingAfter?: string,
    @Query('partner_id') partnerId?: string,
    @Query('referral_token') referralToken?: unknown,
    @Query('stripe_customer') stripeCustomer?: string,
    @Query('status') status?: unknown,
    @Query('kind') kind?: unknown,
    @Query('source') source?: unknown,
    @Query('created_gte') createdGte?: unknown,
    @Query('created_lt') createdLt?: unknown,
  ) {
    if (stripeCustomer !== undefined && !(typeof stripeCustomer === 'string' && STRIPE_ID.test(stripeCustomer)))
      throw new BadRequestException('stripe_customer must be a Stripe customer id (cus_...)');
    const filter = {
      workspaceId: account.workspaceId,
      mode: account.mode,
      partnerId: partnerIdParam(partnerId),
      referralToken: referralTokenParam(referralToken),
      stripeCustomerId: stripeCustomer,
      status: oneOfParam('status', status, CONVERSION_STATUSES),
      kind: oneOfParam('kind', kind, CONVERSION_KINDS),
      source: oneOfParam('source', source, CONVERSION_SOURCES),
      ...createdRange(createdGte, createdLt),
    };
    const rows = {
      find: (id: string) => this.conversions.find(account.workspaceId, account.mode, id),
      list: (limit: number, after: ConversionRecord | undefined) => this.conversions.list({ ...filter, limit, startingAfter: after }),
    };
    return listPage('conversion', take, startingAfter, rows, presentConversion);
  }

  @Get('conversions/:id')
  @ApiOperation({ summary: 'One conversion' })
  @ApiAnswers({ status: 200, description: 'The conversion', schema: conversionSchema }, 401, 403, 404)
  async get(@Account() account: ApiKeyIdentity, @Param('id') id: string) {
    return presentConversion(await this.findOwn(account, id));
  }

  @Get('conversions/:id/history')
  @ApiOperation({
    summary: 'What made and changed a conversion, oldest first',
    description:
      'The Stripe events that name it (the sale, its payment, money back) and the Conversion API report that made it. ' +
      'Money back reported through the Conversion API keeps no record of its own: one entry at the last change gives the total so far.',
  })
  @ApiAnswers({ status: 200, description: 'The history', schema: conversionHistorySchema }, 401, 403, 404)
  async history(@Account() account: ApiKeyIdentity, @Param('id') id: string) {
    return this.conversionHistory.execute(await this.findOwn(account, id));
  }

  @ListEndpoint('stripe-events', {
    what: 'Stripe event',
    summary: 'List the Stripe events attribution processed in this mode, newest first (by when Stripe created them)',
    description: 'A page of Stripe events and their outcomes',
    item: stripeEventSchema,
  })
  async stripeEvents(@Account() account: ApiKeyIdentity, @Query('limit', ListLimitPipe) take: number, @Query('starting_after') startingAfter?: string) {
    const rows = {
      find: (id: string) => this.conversions.findStripeEvent(account.workspaceId, account.mode, id),
      list: (limit: number, after: StripeEventRecordEntity | undefined) =>
        this.conversions.listStripeEvents(account.workspaceId, account.mode, limit, after?.eventId),
    };
    return listPage('Stripe event', take, startingAfter, rows, presentStripeEvent, (id) => (STRIPE_ID.test(id) ? id : null));
  }

  /** "Why was this sale not attributed?": the outcome recorded for a Stripe event. */
  @Get('stripe-events/:eventId')
  @ApiOperation({ summary: 'What became of a Stripe event: its attribution outcome' })
  @ApiAnswers({ status: 200, description: 'The recorded outcome', schema: stripeEventSchema }, 401, 403, {
    status: 404,
    description: 'Not processed in this mode (not received, an ignored type, still queued, or the other mode)',
  })
  async stripeEvent(@Account() account: ApiKeyIdentity, @Param('eventId') eventId: string) {
    const record = STRIPE_ID.test(eventId) ? await this.conversions.findStripeEvent(account.workspaceId, account.mode, eventId) : null;
    if (!record) {
      throw new NotFoundException(
        `Stripe event ${eventId} has not been processed in ${account.mode} mode (not received, an ignored type, still queued, or the other mode)`,
      );
    }
    return presentStripeEvent(record);
  }

  /** The account's conversion of that id, or a 404 naming it. */
  private findOwn(account: ApiKeyIdentity, id: string) {
    return findByIdOr404('conversion', id, account.mode, (uuid) => this.conversions.find(account.workspaceId, account.mode, uuid));
  }
}
