import { ConflictException, Inject, Injectable } from '@nestjs/common';
import { ApiKeyIdentity, newId } from '@app/domain';
import { findOwnPartner } from '../partners.query';
import { isUniqueViolation, PartnersRepository } from '../partners.repository';
import { PromoCodeCatalogue } from '../promo-code-catalogue';
import { publishOrUndo } from '../published-catalogue';

export interface AddPromoCodeCommand {
  account: ApiKeyIdentity;
  partnerId: string;
  code: string;
}

/** A promo code for the partner, unique per workspace and mode, announced to attribution. */
@Injectable()
export class AddPromoCodeUseCase {
  constructor(
    @Inject(PartnersRepository) private readonly partners: Pick<PartnersRepository, 'findPartner' | 'insertPromoCode' | 'deletePromoCode'>,
    @Inject(PromoCodeCatalogue) private readonly catalogue: Pick<PromoCodeCatalogue, 'publish'>,
  ) {}

  async execute({ account, partnerId, code }: AddPromoCodeCommand) {
    const partner = await findOwnPartner(this.partners, account, partnerId);
    let created;
    try {
      created = await this.partners.insertPromoCode({ id: newId(), workspaceId: partner.workspaceId, mode: partner.mode, code, partnerId: partner.id });
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictException(`The promo code "${code}" already belongs to a partner in ${account.mode} mode`);
      throw err;
    }
    await publishOrUndo(this.catalogue, created, () => this.partners.deletePromoCode(created.id));
    return created;
  }
}
