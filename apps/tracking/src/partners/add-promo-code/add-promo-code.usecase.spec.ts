import { ConflictException } from '@nestjs/common';
import { ApiKeyIdentity } from '@app/domain';
import { PartnerEntity } from '../partner.entity';
import { inMemoryPartners } from '../testing/in-memory-partners';
import { AddPromoCodeUseCase } from './add-promo-code.usecase';

const account: ApiKeyIdentity = { workspaceId: 'ws_acme', mode: 'live', kind: 'secret' };
const ID = '0b9e0e1c-6d1f-4c59-9a53-1d0c6f1b2a3c';

function setUp(publish: () => Promise<void>) {
  const world = inMemoryPartners(publish, { partners: [{ id: ID, workspaceId: 'ws_acme', mode: 'live' } as PartnerEntity] });
  return { codes: world.codes, useCase: new AddPromoCodeUseCase(world.partners, world.catalogue) };
}

describe('AddPromoCodeUseCase', () => {
  it('gives the partner the code and announces it; the same code again is a 409 naming the mode', async () => {
    const { codes, useCase } = setUp(async () => undefined);
    const code = await useCase.execute({ account, partnerId: ID, code: 'ADA10' });
    expect(code).toMatchObject({ code: 'ADA10', partnerId: ID, mode: 'live' });
    const again = useCase.execute({ account, partnerId: ID, code: 'ADA10' });
    await expect(again).rejects.toBeInstanceOf(ConflictException);
    await expect(useCase.execute({ account, partnerId: ID, code: 'ADA10' })).rejects.toThrow(
      'The promo code "ADA10" already belongs to a partner in live mode',
    );
    expect(codes.size).toBe(1);
  });

  it('undoes the code when attribution cannot learn of it, so a retry starts clean', async () => {
    const { codes, useCase } = setUp(async () => {
      throw new Error('broker down');
    });
    await expect(useCase.execute({ account, partnerId: ID, code: 'ADA10' })).rejects.toThrow('broker down');
    expect(codes.size).toBe(0);
  });
});
