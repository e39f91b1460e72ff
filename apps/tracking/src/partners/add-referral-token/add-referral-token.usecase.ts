import { ConflictException, Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { ApiKeyIdentity } from '@app/domain';
import { findOwnPartner } from '../partners.query';
import { isUniqueViolation, PartnersRepository } from '../partners.repository';

const TOKEN_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

function generateReferralToken(): string {
  return Array.from(randomBytes(10), (b) => TOKEN_ALPHABET[b % TOKEN_ALPHABET.length]).join('');
}

export interface AddReferralTokenCommand {
  account: ApiKeyIdentity;
  partnerId: string;
  /** Chosen by the merchant; absent: a random one (ten of 32 characters without look-alikes). */
  token?: string;
}

/** A referral token for the partner, unique across all workspaces: a chosen one that is taken is a 409. */
@Injectable()
export class AddReferralTokenUseCase {
  constructor(@Inject(PartnersRepository) private readonly partners: Pick<PartnersRepository, 'findPartner' | 'insertReferralToken'>) {}

  async execute({ account, partnerId, token: requested }: AddReferralTokenCommand) {
    const partner = await findOwnPartner(this.partners, account, partnerId);
    for (let attempt = 0; attempt < 3; attempt++) {
      const token = requested ?? generateReferralToken();
      try {
        return await this.partners.insertReferralToken({ token, workspaceId: partner.workspaceId, mode: partner.mode, partnerId: partner.id });
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        if (requested) throw new ConflictException(`The referral token "${requested}" is already taken; choose another`);
      }
    }
    throw new ConflictException('Could not generate a unique referral token; retry');
  }
}
