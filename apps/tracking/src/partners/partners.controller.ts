import { Body, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import type { ApiKeyIdentity } from '@app/domain';
import { Account, ApiPageQueries, ListLimitPipe, SecretKeyController, ZodValidationPipe } from '@app/platform';
import { z } from 'zod';
import { TRACKING_CONFIG } from '../tracking.config.token';
import type { TrackingConfig } from '../config';
import { presentPartner, presentPromoCode, presentReferralToken } from './partners.presenter';
import {
  CreatePartnerBody,
  createPartnerSchema,
  createPromoCodeSchema,
  createReferralTokenSchema,
  UpdatePartnerBody,
  updatePartnerSchema,
} from './partners.schemas';
import { AddPromoCodeUseCase } from './add-promo-code/add-promo-code.usecase';
import { AddReferralTokenUseCase } from './add-referral-token/add-referral-token.usecase';
import { CreatePartnerUseCase } from './create-partner/create-partner.usecase';
import { PartnersQuery } from './partners.query';
import { UpdatePartnerUseCase } from './update-partner/update-partner.usecase';
import { ApiOperation } from '@nestjs/swagger';
import { ApiAnswers, ApiZodBody, listOf } from '@app/platform';
import { partnerSchema, promoCodeSchema, referralTokenSchema } from './partners.presenter';

/** Management API for operators: partners, their referral tokens and promo codes (secret key). */
@SecretKeyController('v1/partners', 'partners')
export class PartnersController {
  constructor(
    private readonly partners: PartnersQuery,
    private readonly createPartner: CreatePartnerUseCase,
    private readonly updatePartner: UpdatePartnerUseCase,
    private readonly addToken: AddReferralTokenUseCase,
    private readonly addCode: AddPromoCodeUseCase,
    @Inject(TRACKING_CONFIG) private readonly config: TrackingConfig,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a partner in the mode of the key' })
  @ApiZodBody(createPartnerSchema)
  @ApiAnswers({ status: 201, description: 'The partner', schema: partnerSchema }, 400, 401, 403)
  async create(@Account() account: ApiKeyIdentity, @Body(new ZodValidationPipe(createPartnerSchema)) body: CreatePartnerBody) {
    return presentPartner(await this.createPartner.execute({ account, body }));
  }

  @Get()
  @ApiOperation({ summary: 'List partners, newest first; search by the start of a name or an email (any case), or by partner id' })
  @ApiPageQueries('partner', {
    name: 'q',
    required: false,
    description: 'The start of a name or an email, whatever the case (at most 200 characters), or an exact partner id',
  })
  @ApiAnswers({ status: 200, description: 'A page of partners', schema: listOf(partnerSchema) }, 400, 401, 403)
  async list(
    @Account() account: ApiKeyIdentity,
    @Query('limit', ListLimitPipe) take: number,
    @Query('starting_after') startingAfter?: string,
    @Query('q') q?: string,
  ) {
    return this.partners.list(account, take, startingAfter, q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A partner with its referral tokens and promo codes' })
  @ApiAnswers(
    {
      status: 200,
      description: 'The partner',
      schema: {
        allOf: [
          partnerSchema,
          {
            type: 'object',
            properties: { referral_tokens: { type: 'array', items: referralTokenSchema }, promo_codes: { type: 'array', items: promoCodeSchema } },
          },
        ],
      },
    },
    401,
    403,
    404,
  )
  async get(@Account() account: ApiKeyIdentity, @Param('id') id: string) {
    const { partner, tokens, promoCodes } = await this.partners.get(account, id);
    return {
      ...presentPartner(partner),
      referral_tokens: tokens.map((t) => presentReferralToken(t, this.config.TRACKING_PUBLIC_URL)),
      promo_codes: promoCodes.map(presentPromoCode),
    };
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change a partner (name, email, destination URL, payout details); published to the commissions service',
    description: "The partner's hosted links redirect to a new destination at once on the replica that answered, within 30 s on the others.",
  })
  @ApiZodBody(updatePartnerSchema)
  @ApiAnswers({ status: 200, description: 'The partner', schema: partnerSchema }, 400, 401, 403, 404)
  async update(@Account() account: ApiKeyIdentity, @Param('id') id: string, @Body(new ZodValidationPipe(updatePartnerSchema)) body: UpdatePartnerBody) {
    return presentPartner(await this.updatePartner.execute({ account, partnerId: id, body }));
  }

  @Post(':id/referral-tokens')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Give the partner a referral token (random unless chosen), maybe with a label; unique across all workspaces',
    description:
      "A key that acts for a partner (the partner portal's) may add tokens to that partner only (any other is a 404), " +
      "and only while the partner has fewer than the settings' `partner_link_limit` tokens added themselves (else 409).",
  })
  @ApiZodBody(createReferralTokenSchema)
  @ApiAnswers({ status: 201, description: 'The referral token and its hosted redirect URL', schema: referralTokenSchema }, 400, 401, 403, 404, {
    status: 409,
    description: "The token is taken, or the partner is at the workspace's partner link limit",
  })
  async addReferralToken(
    @Account() account: ApiKeyIdentity,
    @Param('id') id: string,
    @Body(new ZodValidationPipe(createReferralTokenSchema)) body: z.output<typeof createReferralTokenSchema>,
  ) {
    return presentReferralToken(await this.addToken.execute({ account, partnerId: id, token: body.token, label: body.label }), this.config.TRACKING_PUBLIC_URL);
  }

  @Post(':id/promo-codes')
  @HttpCode(201)
  @ApiOperation({ summary: 'Give the partner a promo code (case-insensitive, unique per workspace and mode)' })
  @ApiZodBody(createPromoCodeSchema)
  @ApiAnswers({ status: 201, description: 'The promo code', schema: promoCodeSchema }, 400, 401, 403, 404, { status: 409, description: 'The code is taken' })
  async addPromoCode(
    @Account() account: ApiKeyIdentity,
    @Param('id') id: string,
    @Body(new ZodValidationPipe(createPromoCodeSchema)) body: z.output<typeof createPromoCodeSchema>,
  ) {
    return presentPromoCode(await this.addCode.execute({ account, partnerId: id, code: body.code }));
  }
}
