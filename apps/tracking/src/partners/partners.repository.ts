import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, MoreThan } from 'typeorm';
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

/** What `GET /v1/partners` reads: a page of one account's partners, maybe searched. */
export interface PartnerListFilter {
  workspaceId: string;
  mode: Mode;
  limit: number;
  /** An exact partner id, or the start of a name or an email (any case). */
  search?: PartnerSearch;
  /** The id of the last partner of the previous page. */
  startingAfter?: string;
}

export type PartnerSearch = { id: string; prefix?: undefined } | { id?: undefined; prefix: string };

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

  insertPartner(partner: Omit<PartnerEntity, 'createdAt' | 'updatedAt'>): Promise<PartnerEntity> {
    // updated_at comes back with created_at (both generated), as `insert` returns generated columns.
    return this.insert(PartnerEntity, partner as Omit<PartnerEntity, 'createdAt'>);
  }

  /** The partner as changed, or null when the account has no such partner. */
  async updatePartner(
    workspaceId: string,
    mode: Mode,
    id: string,
    patch: Partial<Pick<PartnerEntity, 'name' | 'email' | 'destinationUrl' | 'payoutEmail' | 'payoutReference'>>,
  ): Promise<PartnerEntity | null> {
    // Every edit moves updated_at, even one that changes nothing: it versions the partner's events.
    const result = await this.partners.update({ workspaceId, mode, id }, { ...patch, updatedAt: () => 'clock_timestamp()' });
    return result.affected ? this.findPartner(workspaceId, mode, id) : null;
  }

  /** Every partner of every account, in pages by id, for the catalogue republished at start-up. */
  async *allPartners(pageSize = 500): AsyncGenerator<PartnerEntity[]> {
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const page = await this.partners.find({ where: { id: MoreThan(after) }, order: { id: 'ASC' }, take: pageSize });
      if (page.length > 0) yield page;
      if (page.length < pageSize) return;
      after = page[page.length - 1].id;
    }
  }

  findPartner(workspaceId: string, mode: Mode, id: string): Promise<PartnerEntity | null> {
    return this.partners.findOneBy({ workspaceId, mode, id });
  }

  /**
   * A page of the account's partners, newest first, after the `startingAfter` partner. The cursor's
   * position is read in SQL: its created_at has microseconds a JavaScript Date would cut off.
   */
  listPartners(filter: PartnerListFilter): Promise<PartnerEntity[]> {
    const query = this.partners
      .createQueryBuilder('p')
      .where('p.workspace_id = :workspaceId AND p.mode = :mode', { workspaceId: filter.workspaceId, mode: filter.mode })
      .orderBy('p.created_at', 'DESC')
      .addOrderBy('p.id', 'DESC')
      .limit(filter.limit);
    const search = filter.search;
    if (search?.id) query.andWhere('p.id = :id', { id: search.id });
    if (search?.prefix !== undefined) {
      // Matches the partner_search indexes: lower(field) LIKE 'prefix%' with the pattern's own wildcards escaped.
      const pattern = `${search.prefix.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query.andWhere('(lower(p.name) LIKE :pattern OR lower(p.email) LIKE :pattern)', { pattern });
    }
    if (filter.startingAfter) {
      query.andWhere('(p.created_at, p.id) < (SELECT a.created_at, a.id FROM tracking.partners a WHERE a.id = :after)', { after: filter.startingAfter });
    }
    return query.getMany();
  }

  /**
   * Inserts the token. With a `limit` (a partner adding their own), the partner's row is locked
   * first and their own tokens counted, so two additions at once cannot both pass the limit:
   * `'at_limit'` when the partner already has `limit` tokens they added.
   */
  async insertReferralToken(token: Omit<ReferralTokenEntity, 'createdAt'>, limit: number | null = null): Promise<ReferralTokenEntity | 'at_limit'> {
    if (limit === null) return this.insert(ReferralTokenEntity, token);
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT id FROM tracking.partners WHERE id = $1 FOR UPDATE`, [token.partnerId]);
      const [{ own }] = await manager.query<Array<{ own: number }>>(
        `SELECT count(*)::int AS own FROM tracking.referral_tokens WHERE partner_id = $1 AND added_by = 'partner'`,
        [token.partnerId],
      );
      if (own >= limit) return 'at_limit' as const;
      const result = await manager.getRepository(ReferralTokenEntity).insert(token);
      return { ...token, ...result.generatedMaps[0] } as ReferralTokenEntity;
    });
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

  /** Only a partner just created, that nothing refers to yet. */
  async deletePartner(id: string): Promise<void> {
    await this.partners.delete({ id });
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
