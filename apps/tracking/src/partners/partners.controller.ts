import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, UseGuards } from '@nestjs/common';
import type { ApiKeyIdentity } from '@app/domain';
import { Account, ApiKeyGuard, RequiresKey, ZodValidationPipe } from '@app/platform';
import { z } from 'zod';
import { TRACKING_CONFIG } from '../tracking.config.token';
import type { TrackingConfig } from '../config';
import { presentPartner, presentPromoCode, presentReferralToken } from './partners.presenter';
import { CreatePartnerBody, createPartnerSchema, createPromoCodeSchema, createReferralTokenSchema } from './partners.schemas';
import { PartnersService } from './partners.service';

/** Management API for operators: partners, their referral tokens and promo codes (secret key). */
@Controller('v1/partners')
@UseGuards(ApiKeyGuard)
@RequiresKey('secret')
export class PartnersController {
  constructor(
    @Inject(PartnersService) private readonly partners: PartnersService,
    @Inject(TRACKING_CONFIG) private readonly config: TrackingConfig,
  ) {}

  @Post()
  @HttpCode(201)
  async create(@Account() account: ApiKeyIdentity, @Body(new ZodValidationPipe(createPartnerSchema)) body: CreatePartnerBody) {
    return presentPartner(await this.partners.create(account, body));
  }

  @Get()
  async list(@Account() account: ApiKeyIdentity, @Query('limit') limit?: string) {
    const take = Math.min(Math.max(Number.parseInt(limit ?? '50', 10) || 50, 1), 100);
    return { object: 'list', data: (await this.partners.list(account, take)).map(presentPartner) };
  }

  @Get(':id')
  async get(@Account() account: ApiKeyIdentity, @Param('id') id: string) {
    const { partner, tokens, promoCodes } = await this.partners.get(account, id);
    return {
      ...presentPartner(partner),
      referral_tokens: tokens.map((t) => presentReferralToken(t, this.config.TRACKING_PUBLIC_URL)),
      promo_codes: promoCodes.map(presentPromoCode),
    };
  }

  @Post(':id/referral-tokens')
  @HttpCode(201)
  async addReferralToken(
    @Account() account: ApiKeyIdentity,
    @Param('id') id: string,
    @Body(new ZodValidationPipe(createReferralTokenSchema)) body: z.output<typeof createReferralTokenSchema>,
  ) {
    return presentReferralToken(await this.partners.addReferralToken(account, id, body.token), this.config.TRACKING_PUBLIC_URL);
  }

  @Post(':id/promo-codes')
  @HttpCode(201)
  async addPromoCode(
    @Account() account: ApiKeyIdentity,
    @Param('id') id: string,
    @Body(new ZodValidationPipe(createPromoCodeSchema)) body: z.output<typeof createPromoCodeSchema>,
  ) {
    return presentPromoCode(await this.partners.addPromoCode(account, id, body.code));
  }
}
