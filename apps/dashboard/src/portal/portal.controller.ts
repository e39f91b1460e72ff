import { applyDecorators, Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiAnswers, ApiPageQueries, ApiZodBody, ZodValidationPipe } from '@app/platform';
import { PortalSession, PortalSessionGuard, SignedInPartnerSession } from './portal-session.guard';
import { AddLinkBody, addLinkSchema, PayoutDetailsBody, payoutDetailsSchema } from './portal.schemas';
import { PartnerLinksUseCase } from './usecases/partner-links/partner-links.usecase';
import { PageQuery, PartnerMoneyUseCase } from './usecases/partner-money/partner-money.usecase';
import { PartnerResultsQuery, PartnerResultsUseCase } from './usecases/partner-results/partner-results.usecase';

/** A read of the portal: its path, what it answers, and its refusals. */
const PortalRead = (path: string, summary: string, answer: string, ...refusals: number[]) =>
  applyDecorators(Get(path), ApiOperation({ summary }), ApiAnswers({ status: 200, description: answer }, ...refusals));

/**
 * What a partner sees in the portal, always their own: every answer is read with the session's
 * partner id from fixed service paths and projected through an allow-list (no buyer's data).
 */
@ApiTags('partner portal')
@Controller('portal')
@UseGuards(PortalSessionGuard)
export class PortalController {
  constructor(
    private readonly links: PartnerLinksUseCase,
    private readonly results: PartnerResultsUseCase,
    private readonly money: PartnerMoneyUseCase,
  ) {}

  @PortalRead('links', 'The partner’s referral links (hosted and ?ref=) and promo codes, and how many links they may add', 'The links', 401)
  async listLinks(@PortalSession() session: SignedInPartnerSession) {
    return this.links.list(session);
  }

  @Post('links')
  @HttpCode(201)
  @ApiOperation({ summary: 'Add a link with a label of the partner’s own, within the limit the merchant sets' })
  @ApiZodBody(addLinkSchema)
  @ApiAnswers({ status: 201, description: 'The link' }, 400, 401, 403, {
    status: 409,
    description: 'The partner has added as many links as the merchant allows',
  })
  async addLink(@PortalSession() session: SignedInPartnerSession, @Body(new ZodValidationPipe(addLinkSchema)) body: AddLinkBody) {
    return this.links.add(session, body.label);
  }

  @Get('results')
  @ApiOperation({ summary: 'Clicks, conversions and revenue per day and per link over a period (the last 30 days by default; at most 366)' })
  @ApiQuery({ name: 'from', required: false, description: 'YYYY-MM-DD (UTC), included' })
  @ApiQuery({ name: 'to', required: false, description: 'YYYY-MM-DD (UTC), included' })
  @ApiQuery({ name: 'token', required: false, description: 'Only this link of the partner’s' })
  @ApiAnswers({ status: 200, description: 'The results' }, 400, 401, 404)
  async partnerResults(@PortalSession() session: SignedInPartnerSession, @Query() query: PartnerResultsQuery) {
    return this.results.execute(session, query);
  }

  @Get('conversions')
  @ApiOperation({ summary: 'The partner’s conversions, newest first, without the buyer’s personal data' })
  @ApiPageQueries('conversion')
  @ApiAnswers({ status: 200, description: 'A page of conversions' }, 400, 401)
  async conversions(@PortalSession() session: SignedInPartnerSession, @Query() query: PageQuery) {
    return this.money.list(session, 'conversions', query);
  }

  @Get('commissions')
  @ApiOperation({ summary: 'The partner’s commissions, newest first, with when each becomes payable' })
  @ApiPageQueries('commission', { name: 'status', required: false })
  @ApiAnswers({ status: 200, description: 'A page of commissions' }, 400, 401)
  async commissions(@PortalSession() session: SignedInPartnerSession, @Query() query: PageQuery) {
    return this.money.list(session, 'commissions', query);
  }

  @PortalRead('balance', 'The partner’s balance per currency', 'The balance', 401)
  async balance(@PortalSession() session: SignedInPartnerSession) {
    return this.money.balance(session);
  }

  @Get('payouts')
  @ApiOperation({ summary: 'The partner’s payouts, newest first' })
  @ApiPageQueries('payout')
  @ApiAnswers({ status: 200, description: 'A page of payouts' }, 400, 401)
  async payouts(@PortalSession() session: SignedInPartnerSession, @Query() query: PageQuery) {
    return this.money.list(session, 'payouts', { limit: query.limit, starting_after: query.starting_after });
  }

  @PortalRead('payouts/:id', 'One of the partner’s payouts, with its lines', 'The payout', 401, 404)
  async payout(@PortalSession() session: SignedInPartnerSession, @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string) {
    return this.money.payout(session, id);
  }

  @PortalRead('payout-details', 'The payout email and reference the partner gave the merchant', 'The payout details', 401)
  async payoutDetails(@PortalSession() session: SignedInPartnerSession) {
    return this.money.payoutDetails(session);
  }

  @Patch('payout-details')
  @ApiOperation({ summary: 'Change the payout email or reference (null removes one)' })
  @ApiZodBody(payoutDetailsSchema)
  @ApiAnswers({ status: 200, description: 'The payout details' }, 400, 401, 403)
  async changePayoutDetails(@PortalSession() session: SignedInPartnerSession, @Body(new ZodValidationPipe(payoutDetailsSchema)) body: PayoutDetailsBody) {
    return this.money.changePayoutDetails(session, body);
  }
}
