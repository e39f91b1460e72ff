import { Inject, Injectable, Logger } from '@nestjs/common';
import { findByIdOr404, StripeSigningSecretDirectory } from '@app/platform';
import { SettingsRepository } from '../../settings.repository';
import { publishSecrets } from '../published-secrets';
import { RemoveStripeSigningSecretCommand } from './remove-stripe-signing-secret.command';

/**
 * Removes a Stripe signing secret of the key's mode (404 for another's): events signed only with it
 * are refused from then on. The gateway's copy is published inside the transaction: if NATS cannot
 * take it, the secret stays, so the gateway never accepts a secret the table no longer holds.
 */
@Injectable()
export class RemoveStripeSigningSecretUseCase {
  private readonly logger = new Logger(RemoveStripeSigningSecretUseCase.name);

  constructor(
    private readonly settings: SettingsRepository,
    @Inject(StripeSigningSecretDirectory) private readonly directory: Pick<StripeSigningSecretDirectory, 'publish'>,
  ) {}

  async execute({ account, secretId }: RemoveStripeSigningSecretCommand): Promise<void> {
    await this.settings.transaction(async (manager) => {
      await this.settings.lockWorkspace(manager, account.workspaceId);
      await findByIdOr404('Stripe signing secret', secretId, account.mode, async (found) =>
        (await this.settings.deleteSecret(manager, account.workspaceId, account.mode, found)) ? found : null,
      );
      await publishSecrets(this.directory, account.workspaceId, await this.settings.secretsOf(manager, account.workspaceId));
      this.logger.log({ msg: 'stripe signing secret removed', workspace_id: account.workspaceId, mode: account.mode, secret_id: secretId });
    });
  }
}
