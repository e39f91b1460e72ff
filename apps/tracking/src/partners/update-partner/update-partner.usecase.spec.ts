import { NotFoundException } from '@nestjs/common';
import { ApiKeyIdentity } from '@app/domain';
import { PartnerEntity } from '../partner.entity';
import { UpdatePartnerUseCase } from './update-partner.usecase';

const account: ApiKeyIdentity = { workspaceId: 'ws_acme', mode: 'test', kind: 'secret' };
const ID = '0b9e0e1c-6d1f-4c59-9a53-1d0c6f1b2a3c';

function setUp(found: boolean) {
  const calls: string[] = [];
  const partners = {
    updatePartner: jest.fn(async (_ws: string, _mode: string, id: string, changes: { destinationUrl?: string }) => {
      calls.push('update');
      return found ? ({ id, destinationUrl: changes.destinationUrl } as PartnerEntity) : null;
    }),
  };
  const catalogue = { publish: jest.fn(async () => void calls.push('publish')) };
  const clicks = { forgetReferralTokens: jest.fn(() => void calls.push('forget tokens')) };
  return { calls, catalogue, useCase: new UpdatePartnerUseCase(partners, catalogue, clicks) };
}

describe('UpdatePartnerUseCase', () => {
  it("changes the partner, lets this replica's links follow at once, and announces the new version", async () => {
    const { calls, useCase } = setUp(true);
    const partner = await useCase.execute({ account, partnerId: ID, body: { destination_url: 'https://shop.example/sale' } });
    expect(partner.destinationUrl).toBe('https://shop.example/sale');
    expect(calls).toEqual(['update', 'forget tokens', 'publish']);
  });

  it('answers 404 for a partner the account does not have, announcing nothing', async () => {
    const { catalogue, useCase } = setUp(false);
    await expect(useCase.execute({ account, partnerId: ID, body: { name: 'X' } })).rejects.toBeInstanceOf(NotFoundException);
    expect(catalogue.publish).not.toHaveBeenCalled();
  });
});
