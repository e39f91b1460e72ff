import { Inject, Injectable } from '@nestjs/common';
import { ApiKeyDirectory } from '@app/platform';
import { DirectoryResync } from '../../directory-resync';
import { AccountsRepository } from '../accounts.repository';
import { identityOf } from '../manage-keys/manage-keys.usecase';

/** The key directory names every active key, with its account. */
@Injectable()
export class SyncKeyDirectoryUseCase extends DirectoryResync {
  constructor(
    @Inject(AccountsRepository) private readonly accounts: Pick<AccountsRepository, 'activeKeys'>,
    @Inject(ApiKeyDirectory) private readonly directory: Pick<ApiKeyDirectory, 'publish'>,
  ) {
    super(['api key directory', 'keys']);
  }

  protected async republish(): Promise<number> {
    const keys = await this.accounts.activeKeys();
    for (const key of keys) await this.directory.publish(key.keyHash, identityOf(key));
    return keys.length;
  }
}
