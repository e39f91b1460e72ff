import { Injectable, NotFoundException } from '@nestjs/common';
import { isWorkspaceId } from '@app/domain';
import { SecretBox, StripeSigningSecretDirectory } from '@app/platform';
import { VerifyingSecret } from './stripe-signature.verifier';

/**
 * A workspace's Stripe signing secrets, as tracking published them (sealed) in NATS, opened here
 * with WEBHOOK_SECRETS_KEY only for the moment of one verification.
 */
@Injectable()
export class WorkspaceSigningSecrets {
  constructor(
    private readonly directory: StripeSigningSecretDirectory,
    private readonly box: SecretBox,
  ) {}

  /** The workspace's secrets; 404 for a workspace Selgeo does not know (nothing is stored). */
  async of(workspaceId: string): Promise<VerifyingSecret[]> {
    const sealed = isWorkspaceId(workspaceId) ? await this.directory.read(workspaceId) : null;
    if (!sealed) {
      throw new NotFoundException(
        `Unknown workspace "${workspaceId}", or no Stripe signing secret was ever set for it (POST /v1/stripe/signing-secrets on the tracking service)`,
      );
    }
    return sealed.map((s) => ({ secret: this.box.open(s.sealed), mode: s.mode }));
  }
}
