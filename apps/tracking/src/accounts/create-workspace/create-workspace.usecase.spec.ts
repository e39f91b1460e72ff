import { hashApiKey } from '@app/domain';
import { inMemoryAccounts } from '../testing/in-memory-accounts';
import { CreateWorkspaceUseCase } from './create-workspace.usecase';

function setUp() {
  const world = inMemoryAccounts({ workspaces: [{ id: 'ws_taken', name: 'Taken', attributionWindowDays: 30, createdAt: new Date() }] });
  return { world, useCase: new CreateWorkspaceUseCase(world.accounts, world.keyDirectory) };
}

/** The use case against in-memory stand-ins for the tables, the audit log and the key directory. */
describe('CreateWorkspaceUseCase', () => {
  it('creates a workspace with a fresh id and a test and a live key pair, each published and shown this once', async () => {
    const { world, useCase } = setUp();
    const created = await useCase.execute({ name: 'Acme', actor: 'operator:admin_api' });
    expect(created.id).toMatch(/^ws_[0-9a-f]{16}$/);
    expect(Object.keys(created.keys).sort()).toEqual(['pk_live', 'pk_test', 'sk_live', 'sk_test']);
    expect(created.keys.sk_live).toMatch(/^sk_live_/);
    expect(world.workspaces.get(created.id)).toMatchObject({ name: 'Acme', attributionWindowDays: 60 });
    expect(world.keys.map((k) => k.keyHash).sort()).toEqual(Object.values(created.keys).map(hashApiKey).sort());
    expect(world.directory.get(hashApiKey(created.keys.pk_test))).toMatchObject({ workspaceId: created.id, mode: 'test', kind: 'publishable' });
    expect(world.audit).toEqual([expect.objectContaining({ workspaceId: created.id, actor: 'operator:admin_api', action: 'workspace.created' })]);
  });

  it('creates a workspace of a chosen id once: a second try creates nothing and shows no keys', async () => {
    const { world, useCase } = setUp();
    const created = await useCase.execute({ id: 'ws_default', name: 'Default workspace', attributionWindowDays: 14 });
    expect(created).toMatchObject({ id: 'ws_default', name: 'Default workspace' });
    expect(world.audit).toEqual([expect.objectContaining({ actor: 'operator:admin_cli' })]);
    expect(await useCase.execute({ id: 'ws_default', name: 'Again' })).toBeNull();
    expect(await useCase.execute({ id: 'ws_taken', name: 'Again' })).toBeNull();
    expect(world.workspaces.get('ws_default')).toMatchObject({ name: 'Default workspace', attributionWindowDays: 14 });
    expect(world.keys).toHaveLength(4);
  });
});
