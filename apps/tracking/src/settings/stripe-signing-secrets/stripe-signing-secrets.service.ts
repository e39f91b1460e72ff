import { ConflictException, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ApiKeyIdentity, newId } from '@app/domain';
import { findByIdOr404, SecretBox, StripeSigningSecretDirectory } from '@app/platform';
import { SettingsRepository } from '../settings.repository';
import { StripeSigningSecretEntity } from './stripe-signing-secret.entity';

/** Enough for a rotation (old and new) with room for a mistake, few enough to keep verification cheap. */
export const MAX_ACTIVE_STRIPE_SECRETS = 5;

/** `whsec_...abcd`: enough to tell secrets apart, nothing to sign with. */
export function stripeSecretHint(secret: string): string {
  return `whsec_...${secret.slice(-4)}`;
}

/**
 * A workspace's Stripe signing secrets, per mode: a secret set with a test key verifies only test
 * events (livemode false), so a test key cannot make the gateway accept live events. Rotation is
 * adding the new secret, then removing the old one; both verify in between.
 */
@Injectable()
export class StripeSigningSecretsService implements OnApplicationBootstrap {
  private readonly logger = new Logger('StripeSigningSecrets');

  constructor(
    @Inject(SettingsRepository) private readonly settings: SettingsRepository,
    @Inject(SecretBox) private readonly box: SecretBox,
    @Inject(StripeSigningSecretDirectory) private readonly directory: StripeSigningSecretDirectory,
  ) {}

  async add(account: ApiKeyIdentity, secret: string): Promise<StripeSigningSecretEntity> {
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
      await this.publish(manager, account.workspaceId);
      this.logger.log({ msg: 'stripe signing secret added', workspace_id: account.workspaceId, mode: account.mode, secret_id: row.id, hint: row.secretHint });
      return row;
    });
  }

  async remove(account: ApiKeyIdentity, id: string): Promise<void> {
    await this.settings.transaction(async (manager) => {
      await this.settings.lockWorkspace(manager, account.workspaceId);
      await findByIdOr404('Stripe signing secret', id, account.mode, async (found) =>
        (await this.settings.deleteSecret(manager, account.workspaceId, account.mode, found)) ? found : null,
      );
      await this.publish(manager, account.workspaceId);
      this.logger.log({ msg: 'stripe signing secret removed', workspace_id: account.workspaceId, mode: account.mode, secret_id: id });
    });
  }

  list(account: ApiKeyIdentity): Promise<StripeSigningSecretEntity[]> {
    return this.settings.listSecrets(account.workspaceId, account.mode);
  }

  /**
   * The gateway's copy is published inside the transaction: if NATS cannot take it, the change is
   * not made, so the gateway never accepts a secret the table no longer holds.
   */
  private async publish(manager: EntityManager, workspaceId: string): Promise<void> {
    const secrets = await this.settings.secretsOf(manager, workspaceId);
    await this.directory.publish(
      workspaceId,
      secrets.map((s) => ({ id: s.id, mode: s.mode, sealed: s.secretSealed })),
    );
  }

  /**
   * The gateway's copy is rebuilt from the table at start-up (repairs a NATS data loss) and names
   * every workspace, so the gateway can tell an unknown workspace from one without secrets.
   */
  async onApplicationBootstrap(): Promise<void> {
    const byWorkspace = await this.settings.allSecretsByWorkspace();
    for (const [workspaceId, secrets] of byWorkspace) {
      await this.directory.publish(
        workspaceId,
        secrets.map((s) => ({ id: s.id, mode: s.mode, sealed: s.secretSealed })),
      );
    }
    this.logger.log({ msg: 'stripe signing secrets synchronised', workspaces: byWorkspace.size });
  }
}
