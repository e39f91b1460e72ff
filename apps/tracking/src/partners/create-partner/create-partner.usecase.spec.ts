import { ApiKeyIdentity } from '@app/domain';
import { PartnerEntity } from '../partner.entity';
import { inMemoryPartners } from '../testing/in-memory-partners';
import { CreatePartnerUseCase } from './create-partner.usecase';

const account: ApiKeyIdentity = { workspaceId: 'ws_acme', mode: 'test', kind: 'secret' };
const body = { name: 'Ada', email: null, destination_url: 'https://shop.example/' };

function setUp(publish: (p: PartnerEntity) => Promise<void>) {
  const world = inMemoryPartners(publish);
  return { rows: world.partnerRows, useCase: new CreatePartnerUseCase(world.partners, world.catalogue) };
}

describe('CreatePartnerUseCase', () => {
  it("creates the partner in the key's workspace and mode and announces it", async () => {
    const published: PartnerEntity[] = [];
    const { rows, useCase } = setUp(async (p) => void published.push(p));
    const partner = await useCase.execute({ account, body });
    expect(partner).toMatchObject({ workspaceId: 'ws_acme', mode: 'test', name: 'Ada', email: null, destinationUrl: 'https://shop.example/' });
    expect([...rows.keys()]).toEqual([partner.id]);
    expect(published).toEqual([partner]);
  });

  it('undoes the partner when it cannot be announced, so a retry starts clean', async () => {
    const { rows, useCase } = setUp(async () => {
      throw new Error('broker down');
    });
    await expect(useCase.execute({ account, body })).rejects.toThrow('broker down');
    expect(rows.size).toBe(0);
  });
});
