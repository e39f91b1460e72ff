import type { PartnerEntity } from '../partner.entity';
import type { PromoCodeEntity } from '../promo-code.entity';

/** A unique violation as the driver reports it (isUniqueViolation). */
const uniqueViolation = () => Object.assign(new Error('duplicate key'), { driverError: { code: '23505' } });

/**
 * In-memory stand-ins for the partners' and promo codes' tables (a promo code is unique, as in the
 * database), and a catalogue whose publish does what the test says, so the partners' use cases are
 * tested without PostgreSQL or NATS.
 */
export function inMemoryPartners<T>(publish: (item: T) => Promise<void>, seed: { partners?: PartnerEntity[] } = {}) {
  const partnerRows = new Map((seed.partners ?? []).map((p) => [p.id, { ...p }]));
  const codes = new Map<string, PromoCodeEntity>();
  const partners = {
    findPartner: jest.fn(async (workspaceId: string, mode: string, id: string) => {
      const row = partnerRows.get(id);
      return row && row.workspaceId === workspaceId && row.mode === mode ? { ...row } : null;
    }),
    insertPartner: jest.fn(async (values: Omit<PartnerEntity, 'createdAt' | 'updatedAt'>) => {
      const row = { ...values, createdAt: new Date(), updatedAt: new Date() };
      partnerRows.set(row.id, row);
      return row;
    }),
    deletePartner: jest.fn(async (id: string) => void partnerRows.delete(id)),
    insertPromoCode: jest.fn(async (values: Omit<PromoCodeEntity, 'createdAt'>) => {
      if ([...codes.values()].some((c) => c.code === values.code)) throw uniqueViolation();
      const row = { ...values, createdAt: new Date() };
      codes.set(row.id, row);
      return row;
    }),
    deletePromoCode: jest.fn(async (id: string) => void codes.delete(id)),
  };
  return { partners, partnerRows, codes, catalogue: { publish: jest.fn(publish) } };
}
