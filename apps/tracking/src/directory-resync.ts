import { Logger, OnApplicationBootstrap } from '@nestjs/common';

/**
 * A directory in NATS that other services read, a copy of one of this service's tables: republishing
 * the table at start-up repairs the copy after a NATS data loss. Idempotent.
 */
export abstract class DirectoryResync implements OnApplicationBootstrap {
  private readonly logger = new Logger(this.constructor.name);

  /** @param synchronised what the start-up log calls the directory and counts, e.g. `['api key directory', 'keys']` */
  protected constructor(private readonly synchronised: [directory: string, counted: string]) {}

  onApplicationBootstrap(): Promise<number> {
    return this.execute();
  }

  /** How many the directory now names. */
  async execute(): Promise<number> {
    const count = await this.republish();
    this.logger.log({ msg: `${this.synchronised[0]} synchronised`, [this.synchronised[1]]: count });
    return count;
  }

  /** Publishes the whole table to the directory; resolves to how many it named. */
  protected abstract republish(): Promise<number>;
}
