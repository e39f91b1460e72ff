import type { EntityManager } from 'typeorm';
import type { Mode } from '@app/domain';
import type { SealedStripeSigningSecret, StripeSigningSecretDirectory } from '@app/platform';
import type { SettingsRepository } from '../../settings.repository';
import type { StripeSigningSecretEntity } from '../stripe-signing-secret.entity';

/**
 * In-memory stand-ins for the Stripe signing secrets' table and the gateway's copy, so their use
 * cases are tested without PostgreSQL or NATS. A transaction is the work itself; `failPublish`
 * makes the copy refuse, as NATS does when it is down.
 */
export function inMemoryStripeSecrets(workspaceIds: string[] = ['ws_acme']) {
  const rows: StripeSigningSecretEntity[] = [];
  const copy = new Map<string, SealedStripeSigningSecret[]>();
  const state = { failPublish: false };
  const ofWorkspace = (workspaceId: string) => rows.filter((r) => r.workspaceId === workspaceId).map((r) => ({ ...r }));
  const settings = {
    transaction: async <T>(work: (m: EntityManager) => Promise<T>) => {
      const before = [...rows];
      try {
        return await work({} as EntityManager);
      } catch (err) {
        rows.splice(0, rows.length, ...before);
        throw err;
      }
    },
    lockWorkspace: () => Promise.resolve(),
    secretsOf: (_m: EntityManager, workspaceId: string) => Promise.resolve(ofWorkspace(workspaceId)),
    insertSecret: (_m: EntityManager, secret: Omit<StripeSigningSecretEntity, 'createdAt'>) => {
      const row = { ...secret, createdAt: new Date() };
      rows.push(row);
      return Promise.resolve({ ...row });
    },
    deleteSecret: (_m: EntityManager, workspaceId: string, mode: Mode, id: string) => {
      const at = rows.findIndex((r) => r.workspaceId === workspaceId && r.mode === mode && r.id === id);
      if (at >= 0) rows.splice(at, 1);
      return Promise.resolve(at >= 0);
    },
    allSecretsByWorkspace: () => Promise.resolve(new Map(workspaceIds.map((id) => [id, ofWorkspace(id)]))),
  } as unknown as SettingsRepository;
  const directory = {
    publish: (workspaceId: string, secrets: SealedStripeSigningSecret[]) => {
      if (state.failPublish) return Promise.reject(new Error('NATS is down'));
      copy.set(workspaceId, secrets);
      return Promise.resolve();
    },
  } as unknown as StripeSigningSecretDirectory;
  return { settings, directory, rows, copy, state };
}
