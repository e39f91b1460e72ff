import type { AccountsRepository } from '../accounts.repository';
import type { ApiKeyEntity } from '../api-key.entity';
import { inMemoryAccounts } from '../testing/in-memory-accounts';
import { SyncKeyDirectoryUseCase } from './sync-key-directory.usecase';

const key = (id: string, change: Partial<ApiKeyEntity> = {}): ApiKeyEntity => ({
  id,
  workspaceId: 'ws_acme',
  mode: 'test',
  kind: 'secret',
  keyHash: `hash_${id}`,
  keyHint: 'sk_test_...abcd',
  publishableKey: null,
  createdAt: new Date(),
  revokedAt: null,
  expiresAt: null,
  ...change,
});

describe('SyncKeyDirectoryUseCase', () => {
  it('publishes every active key, a rolled one with the end of its grace period, and nothing else', async () => {
    const graceEnds = new Date(Date.now() + 60_000);
    const active = [key('k1'), key('k2', { mode: 'live', kind: 'publishable' }), key('k3', { expiresAt: graceEnds })];
    const world = inMemoryAccounts();
    // The repository's query keeps what is neither revoked nor expired; the use case publishes what it is given.
    const accounts = { activeKeys: () => Promise.resolve(active) } as unknown as AccountsRepository;
    const useCase = new SyncKeyDirectoryUseCase(accounts, world.keyDirectory);

    expect(await useCase.execute()).toBe(3);
    expect(Object.fromEntries(world.directory)).toEqual({
      hash_k1: { workspaceId: 'ws_acme', mode: 'test', kind: 'secret', keyId: 'k1' },
      hash_k2: { workspaceId: 'ws_acme', mode: 'live', kind: 'publishable', keyId: 'k2' },
      hash_k3: { workspaceId: 'ws_acme', mode: 'test', kind: 'secret', keyId: 'k3', expiresAt: graceEnds.toISOString() },
    });
  });

  it('is idempotent: a second run leaves the same directory', async () => {
    const world = inMemoryAccounts();
    const accounts = { activeKeys: () => Promise.resolve([key('k1')]) } as unknown as AccountsRepository;
    const useCase = new SyncKeyDirectoryUseCase(accounts, world.keyDirectory);
    await useCase.execute();
    const first = new Map(world.directory);
    await useCase.execute();
    expect(world.directory).toEqual(first);
  });
});
