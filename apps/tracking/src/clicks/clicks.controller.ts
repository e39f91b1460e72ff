import { Body, Controller, Get, Headers, HttpCode, Inject, Logger, NotFoundException, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiKeyIdentity } from '@app/domain';
import { MessagingUnavailableError } from '@app/messaging';
import { Account, ApiAnswers, ApiKeyGuard, ApiPublishableKey, ApiZodBody, RateLimiter, RequiresKey, ZodValidationPipe } from '@app/platform';
import type { TrackingConfig } from '../config';
import { TRACKING_CONFIG } from '../tracking.config.token';
import { RegisterClickBody, registerClickSchema } from './record-click/record-click.command';
import { RecordClickUseCase } from './record-click/record-click.usecase';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

/** The query parameter the hosted redirect adds to the destination; the snippet picks it up. */
export const REDIRECT_CLICK_ID_PARAM = 'selgeo_click_id';

@ApiTags('clicks')
@Controller()
export class ClicksController {
  private readonly logger = new Logger('Clicks');
  private readonly perToken: RateLimiter;
  private readonly perClient: RateLimiter;
  private readonly unknownTokens: RateLimiter;

  constructor(
    private readonly recordClick: RecordClickUseCase,
    @Inject(TRACKING_CONFIG) config: TrackingConfig,
  ) {
    this.perToken = new RateLimiter(config.CLICK_RATE_LIMIT_PER_MINUTE, 'Clicks are limited to %d a minute per referral token');
    this.perClient = new RateLimiter(config.CLICK_RATE_LIMIT_PER_CLIENT_PER_MINUTE, 'Clicks are limited to %d a minute per client address');
    this.unknownTokens = new RateLimiter(config.CLICK_UNKNOWN_TOKEN_LIMIT_PER_MINUTE, 'Requests for unknown referral tokens are limited to %d a minute');
  }

  /**
   * Limits that junk cannot turn against real clicks: per client address first, then per known
   * token; requests for unknown tokens count in a bucket of their own, so a flood of them (the
   * publishable key is public) never uses up what real clicks get.
   */
  private async limit(scope: string, clientAddress: string, token: string, account: ApiKeyIdentity | null): Promise<void> {
    this.perClient.consume(`${scope}:${clientAddress}`);
    if (await this.recordClick.knows(token, account)) this.perToken.consume(`${scope}:${token.trim().toLowerCase()}`);
    else this.unknownTokens.consume(scope);
  }

  @Post('v1/clicks')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Register a click on a referral token (the snippet calls this)',
    description:
      'The publishable key may come as a Bearer header or as `publishable_key` in the body; bodies may be sent as text/plain JSON so browsers need no CORS preflight.',
  })
  @ApiPublishableKey()
  @ApiZodBody(registerClickSchema)
  @ApiAnswers(
    {
      status: 201,
      description: 'The click is stored durably',
      schema: {
        type: 'object',
        properties: {
          object: { type: 'string', enum: ['click'] },
          click_id: { type: 'string', format: 'uuid' },
          expires_at: { type: 'string', format: 'date-time' },
        },
      },
    },
    400,
    401,
    403,
    { status: 404, description: 'Unknown referral token in the workspace and mode of the key' },
    429,
    503,
  )
  @UseGuards(ApiKeyGuard)
  @RequiresKey('publishable')
  async register(
    @Account() account: ApiKeyIdentity,
    @Body(new ZodValidationPipe(registerClickSchema)) body: RegisterClickBody,
    @Req() request: FastifyRequest,
    @Headers('user-agent') userAgent?: string,
  ) {
    await this.limit(`${account.workspaceId}:${account.mode}`, request.ip, body.token, account);
    const click = await this.recordClick.execute({
      token: body.token,
      account,
      source: 'snippet',
      landingUrl: body.landing_url,
      referrer: body.referrer,
      userAgent: userAgent?.slice(0, 512) ?? null,
    });
    return { object: 'click', click_id: click.clickId, expires_at: click.expiresAt };
  }

  /**
   * The hosted redirect: records the click server-side (it survives ad blockers) and sends the
   * visitor on with the click id. If the click cannot be stored, the visitor is still sent on,
   * without an id: a lost click is better than a merchant's lost visitor.
   */
  @Get('r/:token')
  @ApiOperation({ summary: "The hosted redirect: records a click and sends the visitor to the partner's destination with selgeo_click_id" })
  @ApiAnswers(
    {
      status: 302,
      description: 'To the destination URL, with selgeo_click_id (without it if the click could not be stored); HEAD answers without recording a click',
    },
    { status: 404, description: 'Unknown referral token' },
    429,
  )
  async redirect(
    @Param('token') token: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Headers('user-agent') userAgent?: string,
    @Headers('referer') referrer?: string,
  ) {
    await this.limit('redirect', request.ip, token, null);
    // Link checkers and previews send HEAD: only a visitor's GET is a click.
    if (request.method !== 'GET') {
      const destination = await this.recordClick.destinationOf(token);
      if (!destination) throw new NotFoundException(`Unknown referral token "${token}"`);
      return reply.status(302).header('cache-control', 'no-store').redirect(destination, 302);
    }
    try {
      const click = await this.recordClick.execute({
        token,
        account: null,
        source: 'redirect',
        landingUrl: null,
        referrer: referrer?.slice(0, 2048) ?? null,
        userAgent: userAgent?.slice(0, 512) ?? null,
      });
      const destination = new URL(click.destinationUrl);
      destination.searchParams.set(REDIRECT_CLICK_ID_PARAM, click.clickId);
      return reply.status(302).header('cache-control', 'no-store').redirect(destination.toString(), 302);
    } catch (err) {
      if (err instanceof NotFoundException) throw err;
      if (!(err instanceof MessagingUnavailableError)) throw err;
      this.logger.error({ msg: 'redirect without click id: click could not be stored', token, error: err.message });
      const fallback = await this.recordClick.destinationOf(token);
      if (!fallback) throw err;
      return reply.status(302).header('cache-control', 'no-store').redirect(fallback, 302);
    }
  }
}
