import { Injectable } from '@nestjs/common';
import { ApiKeyIdentity } from '@app/domain';
import { findByIdOr404, listPage } from '@app/platform';
import { PartnerEntity } from './partner.entity';
import { partnerSearchOf } from './partner-search';
import { presentPartner } from './partners.presenter';
import { PartnersRepository } from './partners.repository';

/** What the API reads of partners: pages of them, and one with its referral tokens and promo codes. */
@Injectable()
export class PartnersQuery {
  constructor(private readonly partners: PartnersRepository) {}

  /** A page of partners, newest first, maybe searched; `starting_after` must be a partner of the account. */
  list(account: ApiKeyIdentity, take: number, startingAfter: string | undefined, q: unknown) {
    const search = partnerSearchOf(q);
    const rows = {
      find: (id: string) => this.partners.findPartner(account.workspaceId, account.mode, id),
      list: (limit: number, after: PartnerEntity | undefined) =>
        this.partners.listPartners({ workspaceId: account.workspaceId, mode: account.mode, limit, search, startingAfter: after?.id }),
    };
    return listPage('partner', take, startingAfter, rows, presentPartner);
  }

  /** The partner (404 unless it is the account's), with its tokens and codes. */
  async get(account: ApiKeyIdentity, id: string) {
    const partner = await findOwnPartner(this.partners, account, id);
    const [tokens, promoCodes] = await Promise.all([this.partners.tokensOf(partner.id), this.partners.promoCodesOf(partner.id)]);
    return { partner, tokens, promoCodes };
  }
}

/** The account's partner of that id, or a 404 naming it. */
export function findOwnPartner(partners: Pick<PartnersRepository, 'findPartner'>, account: ApiKeyIdentity, id: string): Promise<PartnerEntity> {
  return findByIdOr404('partner', id, account.mode, (found) => partners.findPartner(account.workspaceId, account.mode, found));
}
