import type { ApiKeyIdentity } from '@app/domain';

/** A `whsec_...` secret for the workspace's own Stripe endpoint, in the mode of the key that adds it. */
export interface AddStripeSigningSecretCommand {
  account: ApiKeyIdentity;
  secret: string;
}
