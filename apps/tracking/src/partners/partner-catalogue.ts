import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { PartnerUpsertedEvent, Subjects } from '@app/domain';
import { JetStreamPublisher } from '@app/messaging';
import { PartnerEntity } from './partner.entity';
import { PartnersRepository } from './partners.repository';

/**
 * The commissions service keeps its own copy of the partners (their names and emails). Each
 * partner is published when it is created or changed, and the whole catalogue again at start-up,
 * which repairs the copy after a crash (or a failed publish) between the write and the publish.
 * Consumers upsert, keeping the newest `updated_at`, so republishing is harmless.
 *
 * A partner belongs to one workspace and one mode (like its referral tokens and promo codes), so
 * each partner is one event, in its own mode.
 */
@Injectable()
export class PartnerCatalogue implements OnApplicationBootstrap {
  private readonly logger = new Logger(PartnerCatalogue.name);

  constructor(
    @Inject(PartnersRepository) private readonly partners: PartnersRepository,
    @Inject(JetStreamPublisher) private readonly publisher: JetStreamPublisher,
  ) {}

  async publish(partner: PartnerEntity): Promise<void> {
    const event: PartnerUpsertedEvent = {
      workspace_id: partner.workspaceId,
      mode: partner.mode,
      partner_id: partner.id,
      name: partner.name,
      email: partner.email,
      updated_at: partner.updatedAt.toISOString(),
    };
    await this.publisher.publish(Subjects.partnerUpserted, event, { msgId: partnerMessageId(event) });
  }

  async onApplicationBootstrap(): Promise<void> {
    let published = 0;
    for await (const page of this.partners.allPartners()) {
      // Concurrently within a page: the publisher pipelines them, and they are different partners.
      await Promise.all(page.map((partner) => this.publish(partner)));
      published += page.length;
    }
    this.logger.log({ msg: 'partner catalogue published', partners: published });
  }
}

/**
 * The same version of a partner gets the same id, so a republish within the stream's duplicate
 * window is dropped, and any change a new one. `updated_at` alone would do but for two edits within
 * one millisecond (the database keeps microseconds, the event milliseconds): the content settles it.
 */
export function partnerMessageId(event: PartnerUpsertedEvent): string {
  const content = createHash('sha256')
    .update(JSON.stringify([event.name, event.email]))
    .digest('hex')
    .slice(0, 16);
  return `partner:${event.partner_id}:${event.mode}:${event.updated_at}:${content}`;
}
