import { ConflictException, Inject, Injectable, Logger } from '@nestjs/common';
import { newId } from '@app/domain';
import { SecretBox, StripeSigningSecretDirectory } from '@app/platform';
import { SettingsRepository } from '../../settings.repository';
import { publishSecrets } from '../published-secrets';
import { StripeSigningSecretEntity } from '../stripe-signing-secret.entity';
import { AddStripeSigningSecretCommand } from './add-stripe-signing-secret.command';

/** Enough for a rotation (old and new) with room for a mistake, few enough to keep verification cheap. */
export const MAX_ACTIVE_STRIPE_SECRETS = 5;

/** `whsec_...abcd`: enough to tell secrets apart, nothing to sign with. */
export function stripeSecretHint(secret: string): string {
  return `whsec_...${secret.slice(-4)}`;
}

/**
 * Adds a Stripe signing secret to the key's mode (409 for one already set, or past the limit).
 * Rotation is adding the new secret, then removing the old one; both verify in between. The
 * gateway's copy is published inside the transaction: if NATS cannot take it, nothing is added.
 */
@Injectable()
export class AddStripeSigningSecretUseCase {
  private readonly logger = new Logger(AddStripeSigningSecretUseCase.name);

  constructor(
    private readonly settings: SettingsRepository,
    private readonly box: SecretBox,
    @Inject(StripeSigningSecretDirectory) private readonly directory: Pick<StripeSigningSecretDirectory, 'publish'>,
  ) {}

  async execute({ account, secret }: AddStripeSigningSecretCommand): Promise<StripeSigningSecretEntity> {
    return this.settings.transaction(async (manager) => {
      await this.settings.lockWorkspace(manager, account.workspaceId);
      const active = (await this.settings.secretsOf(manager, account.workspaceId)).filter((s) => s.mode === account.mode);
      if (active.length >= MAX_ACTIVE_STRIPE_SECRETS) {
        throw new ConflictException(`This mode already has ${MAX_ACTIVE_STRIPE_SECRETS} Stripe signing secrets: remove one that Stripe no longer uses first`);
      }
      if (active.some((s) => this.box.open(s.secretSealed) === secret)) throw new ConflictException('This Stripe signing secret is already set');
      const row = await this.settings.insertSecret(manager, {
        id: newId(),
        workspaceId: account.workspaceId,
        mode: account.mode,
        secretSealed: this.box.seal(secret),
        secretHint: stripeSecretHint(secret),
      });
      await publishSecrets(this.directory, account.workspaceId, await this.settings.secretsOf(manager, account.workspaceId));
      this.logger.log({ msg: 'stripe signing secret added', workspace_id: account.workspaceId, mode: account.mode, secret_id: row.id, hint: row.secretHint });
      return row;
    });
  }
}
