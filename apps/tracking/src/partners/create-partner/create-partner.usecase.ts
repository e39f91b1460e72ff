import { Inject, Injectable } from '@nestjs/common';
import { ApiKeyIdentity, newId } from '@app/domain';
import { PartnerEntity } from '../partner.entity';
import { PartnerCatalogue } from '../partner-catalogue';
import { CreatePartnerBody } from '../partners.schemas';
import { PartnersRepository } from '../partners.repository';
import { publishOrUndo } from '../published-catalogue';

export interface CreatePartnerCommand {
  account: ApiKeyIdentity;
  body: CreatePartnerBody;
}

/** A partner of the key's workspace and mode, announced to the commissions service (partner.upserted). */
@Injectable()
export class CreatePartnerUseCase {
  constructor(
    @Inject(PartnersRepository) private readonly partners: Pick<PartnersRepository, 'insertPartner' | 'deletePartner'>,
    @Inject(PartnerCatalogue) private readonly catalogue: Pick<PartnerCatalogue, 'publish'>,
  ) {}

  async execute({ account, body }: CreatePartnerCommand): Promise<PartnerEntity> {
    const partner = await this.partners.insertPartner({
      id: newId(),
      workspaceId: account.workspaceId,
      mode: account.mode,
      name: body.name,
      email: body.email ?? null,
      destinationUrl: body.destination_url,
      // Payout details are the partner's to give (PATCH, or the partner portal).
      payoutEmail: null,
      payoutReference: null,
    });
    await publishOrUndo(this.catalogue, partner, () => this.partners.deletePartner(partner.id));
    return partner;
  }
}
