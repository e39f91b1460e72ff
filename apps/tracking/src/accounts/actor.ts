/** Who made a change, as the audit log names them: the operator (through the admin API or CLI) or one of the workspace's secret keys. */
export type Actor = 'operator:admin_api' | 'operator:admin_cli' | `api_key:${string}`;

export function keyActor(keyId: string | undefined): Actor {
  return `api_key:${keyId ?? 'unknown'}`;
}
