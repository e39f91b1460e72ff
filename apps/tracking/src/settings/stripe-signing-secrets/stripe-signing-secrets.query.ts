import { Inject, Injectable } from '@nestjs/common';
import { ApiKeyIdentity } from '@app/domain';
import { SettingsRepository } from '../settings.repository';
import { StripeSigningSecretEntity } from './stripe-signing-secret.entity';

/**
 * What is read of a workspace's Stripe signing secrets: the active ones of the key's mode, oldest
 * first. A secret set with a test key verifies only test events (livemode false), so a test key
 * cannot make the gateway accept live events.
 */
@Injectable()
export class StripeSigningSecretsQuery {
  constructor(@Inject(SettingsRepository) private readonly settings: Pick<SettingsRepository, 'listSecrets'>) {}

  list(account: ApiKeyIdentity): Promise<StripeSigningSecretEntity[]> {
    return this.settings.listSecrets(account.workspaceId, account.mode);
  }
}
