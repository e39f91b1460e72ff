import { Inject, Injectable } from '@nestjs/common';
import { StripeSigningSecretDirectory } from '@app/platform';
import { DirectoryResync } from '../../../directory-resync';
import { SettingsRepository } from '../../settings.repository';
import { publishSecrets } from '../published-secrets';

/** The gateway's copy names every workspace, so the gateway can tell an unknown workspace from one without secrets. */
@Injectable()
export class SyncStripeSigningSecretsUseCase extends DirectoryResync {
  constructor(
    @Inject(SettingsRepository) private readonly settings: Pick<SettingsRepository, 'allSecretsByWorkspace'>,
    @Inject(StripeSigningSecretDirectory) private readonly directory: Pick<StripeSigningSecretDirectory, 'publish'>,
  ) {
    super(['stripe signing secrets', 'workspaces']);
  }

  protected async republish(): Promise<number> {
    const byWorkspace = await this.settings.allSecretsByWorkspace();
    for (const [workspaceId, secrets] of byWorkspace) await publishSecrets(this.directory, workspaceId, secrets);
    return byWorkspace.size;
  }
}
