import { PartnerEntity } from './partner.entity';
import { PromoCodeEntity } from './promo-code.entity';
import { ReferralTokenEntity } from './referral-token.entity';

/** The public JSON shape of partners and their codes (snake_case, like the rest of the API). */
export function presentPartner(partner: PartnerEntity) {
  return {
    id: partner.id,
    object: 'partner',
    mode: partner.mode,
    name: partner.name,
    email: partner.email,
    destination_url: partner.destinationUrl,
    payout_email: partner.payoutEmail,
    payout_reference: partner.payoutReference,
    created_at: partner.createdAt.toISOString(),
    updated_at: partner.updatedAt.toISOString(),
  };
}

export function presentReferralToken(token: ReferralTokenEntity, publicUrl: string) {
  return {
    object: 'referral_token',
    token: token.token,
    partner_id: token.partnerId,
    mode: token.mode,
    redirect_url: `${publicUrl.replace(/\/$/, '')}/r/${token.token}`,
    label: token.label,
    added_by: token.addedBy,
    created_at: token.createdAt.toISOString(),
  };
}

export function presentPromoCode(code: PromoCodeEntity) {
  return { id: code.id, object: 'promo_code', code: code.code, partner_id: code.partnerId, mode: code.mode, created_at: code.createdAt.toISOString() };
}

const mode = { type: 'string', enum: ['test', 'live'] };

/** OpenAPI shapes of the above. */
export const partnerSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    object: { type: 'string', enum: ['partner'] },
    mode,
    name: { type: 'string' },
    email: { type: 'string', nullable: true },
    destination_url: { type: 'string', format: 'uri' },
    payout_email: { type: 'string', nullable: true, description: 'Where the partner wants to be paid; the payout CSV uses it instead of `email` when set' },
    payout_reference: { type: 'string', nullable: true, maxLength: 200, description: "The partner's own reference for their payouts (in the payout CSV)" },
    created_at: { type: 'string', format: 'date-time' },
    updated_at: { type: 'string', format: 'date-time' },
  },
};

export const referralTokenSchema = {
  type: 'object',
  properties: {
    object: { type: 'string', enum: ['referral_token'] },
    token: { type: 'string' },
    partner_id: { type: 'string', format: 'uuid' },
    mode,
    redirect_url: { type: 'string', format: 'uri', description: 'The hosted redirect for this token' },
    label: { type: 'string', nullable: true, maxLength: 60, description: 'A name for the link, as whoever added it gave it' },
    added_by: {
      type: 'string',
      enum: ['merchant', 'partner'],
      description: "Who added the token: the partner's own (through the partner portal) count against `partner_link_limit`",
    },
    created_at: { type: 'string', format: 'date-time' },
  },
};

export const promoCodeSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    object: { type: 'string', enum: ['promo_code'] },
    code: { type: 'string' },
    partner_id: { type: 'string', format: 'uuid' },
    mode,
    created_at: { type: 'string', format: 'date-time' },
  },
};
