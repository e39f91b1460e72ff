import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { PartnerUpsertedEvent, Subjects } from '@app/domain';
import { JetStreamPublisher } from '@app/messaging';
import { PartnerEntity } from './partner.entity';
import { PartnersRepository } from './partners.repository';
import { CatalogueMessage, PublishedCatalogue } from './published-catalogue';

/**
 * The commissions service keeps its own copy of the partners (their names, emails and payout details): each is
 * published when it is created or changed, and all at start-up (PublishedCatalogue). Consumers
 * keep the newest `updated_at`.
 *
 * A partner belongs to one workspace and one mode (like its referral tokens and promo codes), so
 * each partner is one event, in its own mode.
 */
@Injectable()
export class PartnerCatalogue extends PublishedCatalogue<PartnerEntity> {
  constructor(
    private readonly partners: PartnersRepository,
    publisher: JetStreamPublisher,
  ) {
    super(publisher, ['partner', 'partners']);
  }

  protected message(partner: PartnerEntity): CatalogueMessage {
    const event: PartnerUpsertedEvent = {
      workspace_id: partner.workspaceId,
      mode: partner.mode,
      partner_id: partner.id,
      name: partner.name,
      email: partner.email,
      payout_email: partner.payoutEmail,
      payout_reference: partner.payoutReference,
      updated_at: partner.updatedAt.toISOString(),
    };
    return { subject: Subjects.partnerUpserted, event, msgId: partnerMessageId(event) };
  }

  protected pages(): AsyncIterable<PartnerEntity[]> {
    // Concurrently within a page: the publisher pipelines them, and they are different partners.
    return this.partners.allPartners();
  }
}

/**
 * The same version of a partner gets the same id, so a republish within the stream's duplicate
 * window is dropped, and any change a new one. `updated_at` alone would do but for two edits within
 * one millisecond (the database keeps microseconds, the event milliseconds): the content settles it.
 */
export function partnerMessageId(event: PartnerUpsertedEvent): string {
  const content = createHash('sha256')
    .update(JSON.stringify([event.name, event.email, event.payout_email, event.payout_reference]))
    .digest('hex')
    .slice(0, 16);
  return `partner:${event.partner_id}:${event.mode}:${event.updated_at}:${content}`;
}
