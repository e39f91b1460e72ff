import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ApiKeyDirectory } from '@app/platform';
import { AccountsRepository } from '../accounts.repository';
import { identityOf } from '../manage-keys/manage-keys.usecase';

/**
 * The key directory is a copy of this service's table; republishing every active key at start-up
 * repairs it after a NATS data loss. Idempotent.
 */
@Injectable()
export class SyncKeyDirectoryUseCase implements OnApplicationBootstrap {
  private readonly logger = new Logger(SyncKeyDirectoryUseCase.name);

  constructor(
    @Inject(AccountsRepository) private readonly accounts: Pick<AccountsRepository, 'activeKeys'>,
    @Inject(ApiKeyDirectory) private readonly directory: Pick<ApiKeyDirectory, 'publish'>,
  ) {}

  onApplicationBootstrap(): Promise<number> {
    return this.execute();
  }

  /** How many keys the directory now names. */
  async execute(): Promise<number> {
    const keys = await this.accounts.activeKeys();
    for (const key of keys) await this.directory.publish(key.keyHash, identityOf(key));
    this.logger.log({ msg: 'api key directory synchronised', keys: keys.length });
    return keys.length;
  }
}
