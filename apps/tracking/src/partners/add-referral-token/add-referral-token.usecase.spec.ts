import { ConflictException, NotFoundException } from '@nestjs/common';
import { ApiKeyIdentity } from '@app/domain';
import { PartnerEntity } from '../partner.entity';
import { ReferralTokenEntity } from '../referral-token.entity';
import { AddReferralTokenUseCase } from './add-referral-token.usecase';

const account: ApiKeyIdentity = { workspaceId: 'ws_acme', mode: 'test', kind: 'secret' };
const ID = '0b9e0e1c-6d1f-4c59-9a53-1d0c6f1b2a3c';
const taken = () => Object.assign(new Error('duplicate key'), { driverError: { code: '23505' } });

function setUp(takenTokens: Set<string>) {
  const partners = {
    findPartner: jest.fn(async () => ({ id: ID, workspaceId: 'ws_acme', mode: 'test' }) as PartnerEntity),
    insertReferralToken: jest.fn(async (values: Omit<ReferralTokenEntity, 'createdAt'>, _limit?: number | null): Promise<ReferralTokenEntity | 'at_limit'> => {
      if (takenTokens.has(values.token)) throw taken();
      takenTokens.add(values.token);
      return { ...values, createdAt: new Date() };
    }),
  };
  const settings = { findSetting: jest.fn(async () => null) };
  return { partners, useCase: new AddReferralTokenUseCase(partners, settings) };
}

describe('AddReferralTokenUseCase', () => {
  it('gives the partner a random token of ten characters without look-alikes', async () => {
    const { useCase } = setUp(new Set());
    const token = await useCase.execute({ account, partnerId: ID });
    expect(token).toMatchObject({ partnerId: ID, workspaceId: 'ws_acme', mode: 'test' });
    expect(token.token).toMatch(/^[a-km-np-z2-9]{10}$/);
  });

  it("records the merchant's additions as the merchant's, with their label, and does not limit them", async () => {
    const { partners, useCase } = setUp(new Set());
    const token = await useCase.execute({ account, partnerId: ID, label: 'Spring newsletter' });
    expect(token).toMatchObject({ label: 'Spring newsletter', addedBy: 'merchant' });
    expect(partners.insertReferralToken.mock.calls[0][1]).toBeNull();
  });

  it("limits a partner's key to the default limit of their own links, and to their own partner", async () => {
    const { partners, useCase } = setUp(new Set());
    const partnerKey: ApiKeyIdentity = { ...account, partnerId: ID.toUpperCase() };
    expect(await useCase.execute({ account: partnerKey, partnerId: ID })).toMatchObject({ addedBy: 'partner', label: null });
    expect(partners.insertReferralToken.mock.calls[0][1]).toBe(5);
    await expect(useCase.execute({ account: partnerKey, partnerId: 'c1f0a3a4-0000-4000-8000-000000000001' })).rejects.toBeInstanceOf(NotFoundException);
    partners.insertReferralToken.mockResolvedValueOnce('at_limit');
    await expect(useCase.execute({ account: partnerKey, partnerId: ID })).rejects.toThrow(/already has 5 referral links of their own/);
  });

  it('answers 409 for a chosen token that is taken, without trying another', async () => {
    const { partners, useCase } = setUp(new Set(['ada-spring']));
    await expect(useCase.execute({ account, partnerId: ID, token: 'ada-spring' })).rejects.toBeInstanceOf(ConflictException);
    expect(partners.insertReferralToken).toHaveBeenCalledTimes(1);
  });

  it('draws again when a random token is taken, and gives up with a 409 after three', async () => {
    const { partners, useCase } = setUp(new Set());
    partners.insertReferralToken.mockRejectedValue(taken());
    await expect(useCase.execute({ account, partnerId: ID })).rejects.toThrow('Could not generate a unique referral token; retry');
    expect(partners.insertReferralToken).toHaveBeenCalledTimes(3);
  });
});
