import { Inject, Injectable } from '@nestjs/common';
import { ApiKeyIdentity } from '@app/domain';
import { findByIdOr404 } from '@app/platform';
import { RecordClickUseCase } from '../../clicks/record-click/record-click.usecase';
import { PartnerEntity } from '../partner.entity';
import { PartnerCatalogue } from '../partner-catalogue';
import { UpdatePartnerBody } from '../partners.schemas';
import { PartnersRepository } from '../partners.repository';

export interface UpdatePartnerCommand {
  account: ApiKeyIdentity;
  partnerId: string;
  body: UpdatePartnerBody;
}

/**
 * Changes the partner and publishes it. A failed publish answers 503 with the change kept: the
 * operator's retry (a new version) or the next start-up's catalogue publishes it.
 */
@Injectable()
export class UpdatePartnerUseCase {
  constructor(
    @Inject(PartnersRepository) private readonly partners: Pick<PartnersRepository, 'updatePartner'>,
    @Inject(PartnerCatalogue) private readonly catalogue: Pick<PartnerCatalogue, 'publish'>,
    @Inject(RecordClickUseCase) private readonly clicks: Pick<RecordClickUseCase, 'forgetReferralTokens'>,
  ) {}

  async execute({ account, partnerId, body }: UpdatePartnerCommand): Promise<PartnerEntity> {
    const partner = await findByIdOr404('partner', partnerId, account.mode, (found) =>
      this.partners.updatePartner(account.workspaceId, account.mode, found, {
        name: body.name,
        email: body.email,
        destinationUrl: body.destination_url,
        payoutEmail: body.payout_email,
        payoutReference: body.payout_reference,
      }),
    );
    this.clicks.forgetReferralTokens();
    await this.catalogue.publish(partner);
    return partner;
  }
}
