import type { ApiKeyIdentity } from '@app/domain';

/** A secret of the key's mode that Stripe no longer signs with. */
export interface RemoveStripeSigningSecretCommand {
  account: ApiKeyIdentity;
  secretId: string;
}
