import type { ApiKeyIdentity } from '@app/domain';

/**
 * Who made a change, as the audit log names them: the operator (through the admin API or CLI), one
 * of the workspace's secret keys, or a dashboard user (through their session's key).
 */
export type Actor = 'operator:admin_api' | 'operator:admin_cli' | `api_key:${string}` | `dashboard_user:${string}`;

export function actorOf(account: ApiKeyIdentity): Actor {
  if (account.actor?.startsWith('dashboard_user:')) return account.actor as Actor;
  return `api_key:${account.keyId ?? 'unknown'}`;
}
