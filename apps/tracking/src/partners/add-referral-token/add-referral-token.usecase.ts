import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { ApiKeyIdentity, isUuid, normalizeUuid } from '@app/domain';
import { findOwnPartner } from '../partners.query';
import { isUniqueViolation, PartnersRepository } from '../partners.repository';
import { ReferralTokenEntity } from '../referral-token.entity';
import { SettingsRepository } from '../../settings/settings.repository';
import { DEFAULT_PARTNER_LINK_LIMIT } from '../../settings/workspace-setting.entity';

const TOKEN_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

function generateReferralToken(): string {
  return Array.from(randomBytes(10), (b) => TOKEN_ALPHABET[b % TOKEN_ALPHABET.length]).join('');
}

export interface AddReferralTokenCommand {
  account: ApiKeyIdentity;
  partnerId: string;
  /** Chosen by the merchant; absent: a random one (ten of 32 characters without look-alikes). */
  token?: string;
  /** A name for the link (trimmed, 1 to 60 characters). */
  label?: string;
}

/**
 * A referral token for the partner, unique across all workspaces: a chosen one that is taken is a 409.
 * A key that acts for a partner (the partner portal's) may add tokens to that partner only, and only
 * up to the mode's `partner_link_limit` of tokens the partner added themselves; the merchant's
 * additions are not limited and do not count.
 */
@Injectable()
export class AddReferralTokenUseCase {
  constructor(
    @Inject(PartnersRepository) private readonly partners: Pick<PartnersRepository, 'findPartner' | 'insertReferralToken'>,
    @Inject(SettingsRepository) private readonly settings: Pick<SettingsRepository, 'findSetting'>,
  ) {}

  async execute({ account, partnerId, token: requested, label }: AddReferralTokenCommand): Promise<ReferralTokenEntity> {
    // Another partner's id answers exactly as an unknown one: a partner's key learns nothing of other partners.
    const ownPartner = account.partnerId === undefined || (isUuid(partnerId) && normalizeUuid(partnerId) === normalizeUuid(account.partnerId));
    if (!ownPartner) throw new NotFoundException(`No partner ${partnerId} in this workspace's ${account.mode} mode`);
    const partner = await findOwnPartner(this.partners, account, partnerId);
    const byPartner = account.partnerId !== undefined;
    const limit = byPartner ? ((await this.settings.findSetting(account.workspaceId, account.mode))?.partnerLinkLimit ?? DEFAULT_PARTNER_LINK_LIMIT) : null;
    for (let attempt = 0; attempt < 3; attempt++) {
      const token = requested ?? generateReferralToken();
      try {
        const inserted = await this.partners.insertReferralToken(
          {
            token,
            workspaceId: partner.workspaceId,
            mode: partner.mode,
            partnerId: partner.id,
            label: label ?? null,
            addedBy: byPartner ? 'partner' : 'merchant',
          },
          limit,
        );
        if (inserted === 'at_limit') {
          throw new ConflictException(
            `This partner already has ${limit} referral links of their own, the most this program allows (partner_link_limit); the merchant can raise the limit`,
          );
        }
        return inserted;
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        if (requested) throw new ConflictException(`The referral token "${requested}" is already taken; choose another`);
      }
    }
    throw new ConflictException('Could not generate a unique referral token; retry');
  }
}
