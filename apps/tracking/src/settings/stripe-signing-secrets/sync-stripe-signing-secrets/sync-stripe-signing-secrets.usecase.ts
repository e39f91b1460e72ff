import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { StripeSigningSecretDirectory } from '@app/platform';
import { SettingsRepository } from '../../settings.repository';
import { publishSecrets } from '../published-secrets';

/**
 * The gateway's copy is rebuilt from the table at start-up (repairs a NATS data loss) and names
 * every workspace, so the gateway can tell an unknown workspace from one without secrets.
 */
@Injectable()
export class SyncStripeSigningSecretsUseCase implements OnApplicationBootstrap {
  private readonly logger = new Logger(SyncStripeSigningSecretsUseCase.name);

  constructor(
    @Inject(SettingsRepository) private readonly settings: Pick<SettingsRepository, 'allSecretsByWorkspace'>,
    @Inject(StripeSigningSecretDirectory) private readonly directory: Pick<StripeSigningSecretDirectory, 'publish'>,
  ) {}

  onApplicationBootstrap(): Promise<number> {
    return this.execute();
  }

  /** How many workspaces the copy now names. */
  async execute(): Promise<number> {
    const byWorkspace = await this.settings.allSecretsByWorkspace();
    for (const [workspaceId, secrets] of byWorkspace) await publishSecrets(this.directory, workspaceId, secrets);
    this.logger.log({ msg: 'stripe signing secrets synchronised', workspaces: byWorkspace.size });
    return byWorkspace.size;
  }
}
