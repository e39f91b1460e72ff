import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Mode } from '@app/domain';
import { PartnerEntity } from './partner.entity';
import { PromoCodeEntity } from './promo-code.entity';
import { ReferralTokenEntity } from './referral-token.entity';

export interface ResolvedReferralToken {
  token: string;
  workspaceId: string;
  mode: Mode;
  partnerId: string;
  destinationUrl: string;
}

const UNIQUE_VIOLATION = '23505';

export function isUniqueViolation(err: unknown): boolean {
  return (err as { driverError?: { code?: string } })?.driverError?.code === UNIQUE_VIOLATION;
}

@Injectable()
export class PartnersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get partners() {
    return this.dataSource.getRepository(PartnerEntity);
  }

  insertPartner(partner: Omit<PartnerEntity, 'createdAt'>): Promise<PartnerEntity> {
    return this.insert(PartnerEntity, partner);
  }

  findPartner(workspaceId: string, mode: Mode, id: string): Promise<PartnerEntity | null> {
    return this.partners.findOneBy({ workspaceId, mode, id });
  }

  listPartners(workspaceId: string, mode: Mode, limit: number): Promise<PartnerEntity[]> {
    return this.partners.find({ where: { workspaceId, mode }, order: { createdAt: 'DESC', id: 'ASC' }, take: limit });
  }

  insertReferralToken(token: Omit<ReferralTokenEntity, 'createdAt'>): Promise<ReferralTokenEntity> {
    return this.insert(ReferralTokenEntity, token);
  }

  insertPromoCode(code: Omit<PromoCodeEntity, 'createdAt'>): Promise<PromoCodeEntity> {
    return this.insert(PromoCodeEntity, code);
  }

  /**
   * A plain INSERT: TypeORM's `save` would UPDATE a row whose key exists, letting one workspace
   * take over another's referral token. A taken key must fail with a unique violation instead.
   */
  private async insert<E extends { createdAt: Date }>(entity: new () => E, values: Omit<E, 'createdAt'>): Promise<E> {
    const result = await this.dataSource.getRepository(entity).insert(values as never);
    return { ...values, ...result.generatedMaps[0] } as E;
  }

  async deletePromoCode(id: string): Promise<void> {
    await this.dataSource.getRepository(PromoCodeEntity).delete({ id });
  }

  tokensOf(partnerId: string): Promise<ReferralTokenEntity[]> {
    return this.dataSource.getRepository(ReferralTokenEntity).find({ where: { partnerId }, order: { createdAt: 'ASC' } });
  }

  promoCodesOf(partnerId: string): Promise<PromoCodeEntity[]> {
    return this.dataSource.getRepository(PromoCodeEntity).find({ where: { partnerId }, order: { createdAt: 'ASC' } });
  }

  async resolveToken(token: string): Promise<ResolvedReferralToken | null> {
    const rows: Array<{ token: string; workspace_id: string; mode: Mode; partner_id: string; destination_url: string }> = await this.dataSource.query(
      `SELECT t.token, t.workspace_id, t.mode, t.partner_id, p.destination_url
           FROM tracking.referral_tokens t JOIN tracking.partners p ON p.id = t.partner_id
          WHERE t.token = $1`,
      [token],
    );
    const row = rows[0];
    return row ? { token: row.token, workspaceId: row.workspace_id, mode: row.mode, partnerId: row.partner_id, destinationUrl: row.destination_url } : null;
  }
}
