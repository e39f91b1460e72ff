import { ConflictException, ForbiddenException, NotFoundException } from '@nestjs/common';
import { hashApiKey } from '@app/domain';
import type { ApiKeyEntity } from '../api-key.entity';
import { inMemoryAccounts } from '../testing/in-memory-accounts';
import { identityOf, keyStatus, ManageKeysUseCase } from './manage-keys.usecase';

const WS = 'ws_acme';
const KEY_ID = '7c1e2f3a-0000-4000-8000-000000000001';

/** The use case against in-memory stand-ins for the table, the audit log and the key directory. */
function setUp() {
  const keys: ApiKeyEntity[] = [
    {
      id: KEY_ID,
      workspaceId: WS,
      mode: 'test',
      kind: 'secret',
      keyHash: 'h'.repeat(64),
      keyHint: 'sk_test_…abcd',
      publishableKey: null,
      createdAt: new Date(),
      revokedAt: null,
      expiresAt: null,
    },
  ];
  const world = inMemoryAccounts({ workspaces: [{ id: WS, name: 'Acme', attributionWindowDays: 60, createdAt: new Date() }], keys });
  return { useCase: new ManageKeysUseCase(world.accounts, world.keyDirectory), keys: world.keys, audit: world.audit, directory: world.directory };
}

describe('ManageKeysUseCase', () => {
  it('creates a key, publishes its hash with its id, and records who made it', async () => {
    const { useCase, directory, audit } = setUp();
    const { key, secret } = await useCase.create({ workspaceId: WS }, 'operator:admin_api', 'publishable', 'live');
    expect(secret).toMatch(/^pk_live_/);
    expect(key.keyHint).toBe(`pk_live_…${secret.slice(-4)}`);
    expect(directory.get(hashApiKey(secret))).toEqual({ workspaceId: WS, mode: 'live', kind: 'publishable', keyId: key.id });
    expect(audit).toEqual([
      expect.objectContaining({ workspaceId: WS, mode: 'live', actor: 'operator:admin_api', action: 'api_key.created', apiKeyId: key.id }),
    ]);
  });

  it('rolls a key: the old one carries its expiry into the directory, a new one of the same kind and mode is issued', async () => {
    const { useCase, directory, audit } = setUp();
    const before = Date.now();
    const { key, secret, rolled } = await useCase.roll({ workspaceId: WS }, `api_key:${KEY_ID}`, KEY_ID, 30);
    expect(rolled.expiresAt!.getTime()).toBeGreaterThanOrEqual(before + 30_000);
    expect(directory.get('h'.repeat(64))).toMatchObject({ keyId: KEY_ID, expiresAt: rolled.expiresAt!.toISOString() });
    expect(key).toMatchObject({ kind: 'secret', mode: 'test' });
    expect(secret).toMatch(/^sk_test_/);
    expect(audit.map((e) => e.action)).toEqual(['api_key.rolled']);
    expect(keyStatus(rolled)).toBe('expiring');
    await expect(useCase.roll({ workspaceId: WS }, 'operator:admin_api', KEY_ID)).rejects.toThrow(ConflictException);
  });

  it('defaults the grace period to a day', async () => {
    const { useCase } = setUp();
    const { rolled } = await useCase.roll({ workspaceId: WS }, 'operator:admin_api', KEY_ID);
    expect(rolled.expiresAt!.getTime() - Date.now()).toBeGreaterThan(86_400_000 - 5_000);
  });

  it('revokes a key: withdrawn from the directory, recorded, and not revoked twice', async () => {
    const { useCase, directory, audit } = setUp();
    directory.set('h'.repeat(64), identityOf(setUp().keys[0]));
    const revoked = await useCase.revoke({ workspaceId: WS }, 'operator:admin_cli', KEY_ID);
    expect(keyStatus(revoked)).toBe('revoked');
    expect(directory.has('h'.repeat(64))).toBe(false);
    expect(audit).toEqual([expect.objectContaining({ action: 'api_key.revoked', actor: 'operator:admin_cli', apiKeyId: KEY_ID })]);
    await expect(useCase.revoke({ workspaceId: WS }, 'operator:admin_cli', KEY_ID)).rejects.toThrow(ConflictException);
  });

  it("keeps a workspace's own key to its mode and workspace", async () => {
    const { useCase } = setUp();
    await expect(useCase.revoke({ workspaceId: WS, mode: 'live' }, 'api_key:x', KEY_ID)).rejects.toThrow(NotFoundException);
    await expect(useCase.revoke({ workspaceId: 'ws_other' }, 'api_key:x', KEY_ID)).rejects.toThrow(NotFoundException);
    await expect(useCase.revoke({ workspaceId: WS }, 'api_key:x', 'not-a-uuid')).rejects.toThrow(NotFoundException);
    await expect(useCase.create({ workspaceId: WS, mode: 'test' }, 'api_key:x', 'secret', 'live')).rejects.toThrow(ForbiddenException);
    expect(await useCase.list({ workspaceId: WS, mode: 'live' })).toEqual([]);
  });
});
