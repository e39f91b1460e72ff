import { NotFoundException } from '@nestjs/common';
import type { WorkspacesQuery } from '../workspaces.query';
import { inMemoryAccounts } from '../testing/in-memory-accounts';
import { RenameWorkspaceUseCase } from './rename-workspace.usecase';

function setUp() {
  const world = inMemoryAccounts({ workspaces: [{ id: 'ws_acme', name: 'Acme', attributionWindowDays: 60, createdAt: new Date() }] });
  const forgotten: string[] = [];
  const workspaces = { forget: (id: string) => void forgotten.push(id) } as unknown as WorkspacesQuery;
  return { world, forgotten, useCase: new RenameWorkspaceUseCase(world.accounts, workspaces) };
}

describe('RenameWorkspaceUseCase', () => {
  it('renames the workspace, records the old and the new name, and drops the cached workspace', async () => {
    const { world, forgotten, useCase } = setUp();
    const renamed = await useCase.execute({ workspaceId: 'ws_acme', name: 'Acme Inc', actor: 'operator:admin_api' });
    expect(renamed).toMatchObject({ id: 'ws_acme', name: 'Acme Inc', attributionWindowDays: 60 });
    expect(world.workspaces.get('ws_acme')?.name).toBe('Acme Inc');
    expect(world.audit).toEqual([
      expect.objectContaining({
        workspaceId: 'ws_acme',
        mode: null,
        actor: 'operator:admin_api',
        action: 'workspace.renamed',
        details: { from: 'Acme', to: 'Acme Inc' },
      }),
    ]);
    expect(forgotten).toEqual(['ws_acme']);
  });

  it('answers 404 for a workspace that does not exist, and changes nothing', async () => {
    const { world, useCase } = setUp();
    await expect(useCase.execute({ workspaceId: 'ws_nope', name: 'X', actor: 'operator:admin_cli' })).rejects.toThrow(NotFoundException);
    expect(world.audit).toEqual([]);
  });
});
