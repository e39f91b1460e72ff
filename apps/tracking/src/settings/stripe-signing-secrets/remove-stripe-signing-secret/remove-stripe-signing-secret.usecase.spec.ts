import { NotFoundException } from '@nestjs/common';
import { ApiKeyIdentity, newId } from '@app/domain';
import { inMemoryStripeSecrets } from '../testing/in-memory-stripe-secrets';
import { RemoveStripeSigningSecretUseCase } from './remove-stripe-signing-secret.usecase';

const test: ApiKeyIdentity = { workspaceId: 'ws_acme', mode: 'test', kind: 'secret' };

function setUp() {
  const world = inMemoryStripeSecrets();
  const [oldId, newerId] = [newId(), newId()];
  for (const id of [oldId, newerId])
    world.rows.push({ id, workspaceId: 'ws_acme', mode: 'test', secretSealed: `sealed_${id}`, secretHint: 'whsec_...0000', createdAt: new Date() });
  return { world, oldId, newerId, useCase: new RemoveStripeSigningSecretUseCase(world.settings, world.directory) };
}

describe('RemoveStripeSigningSecretUseCase', () => {
  it('removes the secret and gives the gateway the ones left', async () => {
    const { world, oldId, newerId, useCase } = setUp();
    await useCase.execute({ account: test, secretId: oldId });
    expect(world.rows.map((r) => r.id)).toEqual([newerId]);
    expect(world.copy.get('ws_acme')).toEqual([{ id: newerId, mode: 'test', sealed: `sealed_${newerId}` }]);
  });

  it("answers 404 for another mode's secret and for an unknown id, and removes nothing", async () => {
    const { world, oldId, useCase } = setUp();
    await expect(useCase.execute({ account: { ...test, mode: 'live' }, secretId: oldId })).rejects.toThrow(NotFoundException);
    await expect(useCase.execute({ account: test, secretId: newId() })).rejects.toThrow(NotFoundException);
    expect(world.rows).toHaveLength(2);
    expect(world.copy.size).toBe(0);
  });

  it('keeps the secret when the gateway cannot be told, so the gateway never accepts one the table no longer holds', async () => {
    const { world, oldId, useCase } = setUp();
    world.state.failPublish = true;
    await expect(useCase.execute({ account: test, secretId: oldId })).rejects.toThrow('NATS is down');
    expect(world.rows).toHaveLength(2);
  });
});
