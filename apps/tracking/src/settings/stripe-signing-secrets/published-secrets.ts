import type { StripeSigningSecretDirectory } from '@app/platform';
import type { StripeSigningSecretEntity } from './stripe-signing-secret.entity';

/** Replaces the gateway's copy of a workspace's secrets (every mode's, still sealed) with these. */
export function publishSecrets(
  directory: Pick<StripeSigningSecretDirectory, 'publish'>,
  workspaceId: string,
  secrets: StripeSigningSecretEntity[],
): Promise<void> {
  return directory.publish(
    workspaceId,
    secrets.map((s) => ({ id: s.id, mode: s.mode, sealed: s.secretSealed })),
  );
}
