import { ConflictException } from '@nestjs/common';
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
    insertReferralToken: jest.fn(async (values: Omit<ReferralTokenEntity, 'createdAt'>) => {
      if (takenTokens.has(values.token)) throw taken();
      takenTokens.add(values.token);
      return { ...values, createdAt: new Date() };
    }),
  };
  return { partners, useCase: new AddReferralTokenUseCase(partners) };
}

describe('AddReferralTokenUseCase', () => {
  it('gives the partner a random token of ten characters without look-alikes', async () => {
    const { useCase } = setUp(new Set());
    const token = await useCase.execute({ account, partnerId: ID });
    expect(token).toMatchObject({ partnerId: ID, workspaceId: 'ws_acme', mode: 'test' });
    expect(token.token).toMatch(/^[a-km-np-z2-9]{10}$/);
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
