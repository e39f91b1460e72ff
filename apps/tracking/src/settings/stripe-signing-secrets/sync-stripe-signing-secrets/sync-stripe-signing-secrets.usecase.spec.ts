import { inMemoryStripeSecrets } from '../testing/in-memory-stripe-secrets';
import { SyncStripeSigningSecretsUseCase } from './sync-stripe-signing-secrets.usecase';

describe('SyncStripeSigningSecretsUseCase', () => {
  it('names every workspace in the gateway copy, one without secrets with an empty list', async () => {
    const world = inMemoryStripeSecrets(['ws_acme', 'ws_empty']);
    world.rows.push({ id: 's1', workspaceId: 'ws_acme', mode: 'live', secretSealed: 'sealed_s1', secretHint: 'whsec_...0001', createdAt: new Date() });
    world.copy.set('ws_acme', [{ id: 'stale', mode: 'test', sealed: 'sealed_stale' }]);
    const useCase = new SyncStripeSigningSecretsUseCase(world.settings, world.directory);

    expect(await useCase.execute()).toBe(2);
    expect(Object.fromEntries(world.copy)).toEqual({ ws_acme: [{ id: 's1', mode: 'live', sealed: 'sealed_s1' }], ws_empty: [] });
  });
});
