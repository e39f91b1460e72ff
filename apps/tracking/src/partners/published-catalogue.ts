import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { JetStreamPublisher } from '@app/messaging';

/** What an item of a catalogue is published as. */
export interface CatalogueMessage {
  subject: string;
  event: unknown;
  /** The same version of an item gets the same id: JetStream drops a republish within its duplicate window. */
  msgId: string;
}

/**
 * A catalogue another service keeps its own copy of: each item is published when it is written,
 * and the whole catalogue again at start-up, which repairs the copy after a crash (or a failed
 * publish) between a write and its publish. Consumers upsert, so republishing is harmless.
 */
export abstract class PublishedCatalogue<T> implements OnApplicationBootstrap {
  private readonly logger: Logger;

  /** @param name what the start-up log calls the catalogue and counts its items as, e.g. `['partner', 'partners']` */
  protected constructor(
    private readonly publisher: JetStreamPublisher,
    private readonly name: [catalogue: string, items: string],
  ) {
    this.logger = new Logger(new.target.name);
  }

  /** What an item is published as. */
  protected abstract message(item: T): CatalogueMessage;

  async publish(item: T): Promise<void> {
    const { subject, event, msgId } = this.message(item);
    await this.publisher.publish(subject, event, { msgId });
  }

  /** The whole catalogue, page by page: the items of a page are published concurrently, the pages one after the other. */
  protected abstract pages(): AsyncIterable<T[]>;

  async onApplicationBootstrap(): Promise<void> {
    let published = 0;
    for await (const page of this.pages()) {
      await Promise.all(page.map((item) => this.publish(item)));
      published += page.length;
    }
    this.logger.log({ msg: `${this.name[0]} catalogue published`, [this.name[1]]: published });
  }
}

/**
 * Publishes a newly written item; when the publish fails, `undo` removes the write before the
 * failure answers (503), so the other service never misses an item this one keeps and the
 * operator's retry starts clean.
 */
export async function publishOrUndo<T>(catalogue: Pick<PublishedCatalogue<T>, 'publish'>, item: T, undo: () => Promise<void>): Promise<void> {
  try {
    await catalogue.publish(item);
  } catch (err) {
    await undo();
    throw err;
  }
}
