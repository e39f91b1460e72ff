import { BadRequestException, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiKeyIdentity, isUuid, STRIPE_EVENT_OUTCOMES } from '@app/domain';
import { Account, ApiPageQueries, findByIdOr404, ListLimitPipe, listPage, SecretKeyController } from '@app/platform';
import { ConversionRecord, presentConversion } from './conversion-record';
import { ConversionsRepository } from './conversions.repository';
import { ApiOperation } from '@nestjs/swagger';
import { ApiAnswers, conversionSchema, listOf } from '@app/platform';

/** Stripe ids are letters, digits and underscores; anything else names nothing. */
const STRIPE_ID = /^[A-Za-z0-9_]{1,255}$/;

/** What operators read: conversions, and why a Stripe event produced none (secret key). */
@SecretKeyController('v1', 'conversions')
export class ConversionsController {
  constructor(@Inject(ConversionsRepository) private readonly conversions: ConversionsRepository) {}

  @Get('conversions')
  @ApiOperation({ summary: 'List conversions, newest first' })
  @ApiPageQueries(
    'conversion',
    { name: 'partner_id', required: false },
    { name: 'stripe_customer', required: false, description: 'A Stripe customer id (cus_...)' },
  )
  @ApiAnswers({ status: 200, description: 'A page of conversions', schema: listOf(conversionSchema) }, 400, 401, 403)
  async list(
    @Account() account: ApiKeyIdentity,
    @Query('limit', ListLimitPipe) take: number,
    @Query('starting_after') startingAfter?: string,
    @Query('partner_id') partnerId?: string,
    @Query('stripe_customer') stripeCustomer?: string,
  ) {
    if (partnerId !== undefined && !isUuid(partnerId)) throw new BadRequestException('partner_id must be a partner id (a UUID)');
    if (stripeCustomer !== undefined && !STRIPE_ID.test(stripeCustomer))
      throw new BadRequestException('stripe_customer must be a Stripe customer id (cus_...)');
    const filter = { workspaceId: account.workspaceId, mode: account.mode, partnerId: partnerId?.toLowerCase(), stripeCustomerId: stripeCustomer };
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
    const conversion = await findByIdOr404('conversion', id, account.mode, (uuid) => this.conversions.find(account.workspaceId, account.mode, uuid));
    return presentConversion(conversion);
  }

  /** "Why was this sale not attributed?": the outcome recorded for a Stripe event. */
  @Get('stripe-events/:eventId')
  @ApiOperation({ summary: 'What became of a Stripe event: its attribution outcome' })
  @ApiAnswers(
    {
      status: 200,
      description: 'The recorded outcome',
      schema: {
        type: 'object',
        properties: {
          object: { type: 'string', enum: ['stripe_event'] },
          id: { type: 'string' },
          type: { type: 'string' },
          mode: { type: 'string', enum: ['test', 'live'] },
          outcome: { type: 'string', enum: [...STRIPE_EVENT_OUTCOMES] },
          detail: { type: 'string', nullable: true },
          conversion_id: { type: 'string', format: 'uuid', nullable: true },
          stripe_created_at: { type: 'string', format: 'date-time' },
          processed_at: { type: 'string', format: 'date-time' },
        },
      },
    },
    401,
    403,
    { status: 404, description: 'Not processed in this mode (not received, an ignored type, still queued, or the other mode)' },
  )
  async stripeEvent(@Account() account: ApiKeyIdentity, @Param('eventId') eventId: string) {
    const record = STRIPE_ID.test(eventId) ? await this.conversions.findStripeEvent(account.workspaceId, account.mode, eventId) : null;
    if (!record) {
      throw new NotFoundException(
        `Stripe event ${eventId} has not been processed in ${account.mode} mode (not received, an ignored type, still queued, or the other mode)`,
      );
    }
    return {
      object: 'stripe_event',
      id: record.eventId,
      type: record.type,
      mode: record.mode,
      outcome: record.outcome,
      detail: record.detail,
      conversion_id: record.conversionId,
      stripe_created_at: record.stripeCreatedAt.toISOString(),
      processed_at: record.processedAt.toISOString(),
    };
  }
}
