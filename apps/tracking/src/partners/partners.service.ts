import { ConflictException, Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { ApiKeyIdentity, newId } from '@app/domain';
import { findByIdOr404, listPage } from '@app/platform';
import { PartnerEntity } from './partner.entity';
import { PartnerCatalogue } from './partner-catalogue';
import { partnerSearchOf } from './partner-search';
import { presentPartner } from './partners.presenter';
import { PromoCodeCatalogue } from './promo-code-catalogue';
import { RecordClickUseCase } from '../clicks/record-click/record-click.usecase';
import { CreatePartnerBody, UpdatePartnerBody } from './partners.schemas';
import { isUniqueViolation, PartnersRepository } from './partners.repository';

const TOKEN_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

function generateReferralToken(): string {
  return Array.from(randomBytes(10), (b) => TOKEN_ALPHABET[b % TOKEN_ALPHABET.length]).join('');
}

@Injectable()
export class PartnersService {
  constructor(
    @Inject(PartnersRepository) private readonly partners: PartnersRepository,
    @Inject(PromoCodeCatalogue) private readonly catalogue: PromoCodeCatalogue,
    @Inject(PartnerCatalogue) private readonly partnerCatalogue: PartnerCatalogue,
    @Inject(RecordClickUseCase) private readonly clicks: RecordClickUseCase,
  ) {}

  async create(account: ApiKeyIdentity, body: CreatePartnerBody): Promise<PartnerEntity> {
    const partner = await this.partners.insertPartner({
      id: newId(),
      workspaceId: account.workspaceId,
      mode: account.mode,
      name: body.name,
      email: body.email ?? null,
      destinationUrl: body.destination_url,
    });
    try {
      await this.partnerCatalogue.publish(partner);
    } catch (err) {
      // The commissions service could not learn of the partner: undo, so the operator's retry starts clean (503).
      await this.partners.deletePartner(partner.id);
      throw err;
    }
    return partner;
  }

  /**
   * Changes the partner and publishes it. A failed publish answers 503 with the change kept: the
   * operator's retry (a new version) or the next start-up's catalogue publishes it.
   */
  async update(account: ApiKeyIdentity, id: string, body: UpdatePartnerBody): Promise<PartnerEntity> {
    const partner = await findByIdOr404('partner', id, account.mode, (found) =>
      this.partners.updatePartner(account.workspaceId, account.mode, found, { name: body.name, email: body.email, destinationUrl: body.destination_url }),
    );
    this.clicks.forgetReferralTokens();
    await this.partnerCatalogue.publish(partner);
    return partner;
  }

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

  async get(account: ApiKeyIdentity, id: string) {
    const partner = await findByIdOr404('partner', id, account.mode, (found) => this.partners.findPartner(account.workspaceId, account.mode, found));
    const [tokens, promoCodes] = await Promise.all([this.partners.tokensOf(partner.id), this.partners.promoCodesOf(partner.id)]);
    return { partner, tokens, promoCodes };
  }

  async addReferralToken(account: ApiKeyIdentity, partnerId: string, requested?: string) {
    const { partner } = await this.get(account, partnerId);
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

  async addPromoCode(account: ApiKeyIdentity, partnerId: string, code: string) {
    const { partner } = await this.get(account, partnerId);
    let created;
    try {
      created = await this.partners.insertPromoCode({ id: newId(), workspaceId: partner.workspaceId, mode: partner.mode, code, partnerId: partner.id });
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictException(`The promo code "${code}" already belongs to a partner in ${account.mode} mode`);
      throw err;
    }
    try {
      await this.catalogue.publish(created);
    } catch (err) {
      // Attribution could not learn of the code: undo, so the operator's retry starts clean (503).
      await this.partners.deletePromoCode(created.id);
      throw err;
    }
    return created;
  }
}
