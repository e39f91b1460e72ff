import type { EntityManager } from 'typeorm';
import type { ApiKeyIdentity, Mode } from '@app/domain';
import type { ApiKeyDirectory } from '@app/platform';
import type { AccountsRepository, NewApiKey, NewAuditLogEntry } from '../accounts.repository';
import type { ApiKeyEntity } from '../api-key.entity';
import type { WorkspaceEntity } from '../workspace.entity';

/**
 * In-memory stand-ins for the accounts' tables, their audit log and the key directory, so the
 * accounts' use cases are tested without PostgreSQL or NATS. A transaction is the work itself.
 */
export function inMemoryAccounts(seed: { workspaces?: WorkspaceEntity[]; keys?: ApiKeyEntity[] } = {}) {
  const workspaces = new Map((seed.workspaces ?? []).map((w) => [w.id, { ...w }]));
  const keys = [...(seed.keys ?? [])];
  const audit: NewAuditLogEntry[] = [];
  const directory = new Map<string, ApiKeyIdentity>();
  const findKey = (workspaceId: string, id: string, mode?: Mode) =>
    keys.find((k) => k.workspaceId === workspaceId && k.id === id && (!mode || k.mode === mode));
  // Rows are read as copies, as from the database.
  const accounts = {
    transaction: (work: (m: EntityManager) => Promise<unknown>) => work({} as EntityManager),
    insertWorkspaceIfAbsent: (_m: EntityManager, w: Pick<WorkspaceEntity, 'id' | 'name' | 'attributionWindowDays'>) => {
      if (workspaces.has(w.id)) return Promise.resolve(false);
      workspaces.set(w.id, { ...w, createdAt: new Date() });
      return Promise.resolve(true);
    },
    findWorkspace: (id: string) => Promise.resolve(workspaces.has(id) ? { ...workspaces.get(id)! } : null),
    listWorkspaces: () => Promise.resolve([...workspaces.values()].map((w) => ({ ...w }))),
    renameWorkspace: (_m: EntityManager, id: string, name: string) => Promise.resolve(void (workspaces.get(id)!.name = name)),
    listKeys: (workspaceId: string, mode?: Mode) => Promise.resolve(keys.filter((k) => k.workspaceId === workspaceId && (!mode || k.mode === mode))),
    findKeyForUpdate: (_m: EntityManager, workspaceId: string, id: string, mode?: Mode) => Promise.resolve(findKey(workspaceId, id, mode) ?? null),
    insertKeys: (_m: EntityManager, rows: NewApiKey[]) =>
      Promise.resolve(void keys.push(...rows.map((r) => ({ ...r, createdAt: new Date(), revokedAt: null, expiresAt: null })))),
    updateKey: (_m: EntityManager, id: string, change: Partial<ApiKeyEntity>) =>
      Promise.resolve(
        void Object.assign(
          keys.find((k) => k.id === id)!,
          change,
        ),
      ),
    record: (_m: EntityManager, entry: NewAuditLogEntry) => Promise.resolve(void audit.push(entry)),
  } as unknown as AccountsRepository;
  const keyDirectory = {
    publish: (hash: string, identity: ApiKeyIdentity) => Promise.resolve(void directory.set(hash, identity)),
    withdraw: (hash: string) => Promise.resolve(void directory.delete(hash)),
  } as unknown as ApiKeyDirectory;
  return { accounts, keyDirectory, workspaces, keys, audit, directory };
}
