import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PromoCodeAssignedEvent, Subjects } from '@app/domain';
import { JetStreamPublisher } from '@app/messaging';
import { PromoCodeEntity } from './promo-code.entity';
import { CatalogueMessage, PublishedCatalogue } from './published-catalogue';

/**
 * Attribution keeps its own copy of which partner owns which promo code: each code is published
 * when it is created, and all at start-up (PublishedCatalogue).
 */
@Injectable()
export class PromoCodeCatalogue extends PublishedCatalogue<PromoCodeEntity> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    publisher: JetStreamPublisher,
  ) {
    super(publisher, ['promo code', 'codes']);
  }

  protected message(code: PromoCodeEntity): CatalogueMessage {
    const event: PromoCodeAssignedEvent = {
      workspace_id: code.workspaceId,
      mode: code.mode,
      code: code.code,
      partner_id: code.partnerId,
      assigned_at: code.createdAt.toISOString(),
    };
    return { subject: Subjects.promoCodeAssigned, event, msgId: `promo:${code.id}` };
  }

  /** One code a page: they are published one after the other, as they always were. */
  protected async *pages(): AsyncIterable<PromoCodeEntity[]> {
    for (const code of await this.dataSource.getRepository(PromoCodeEntity).find()) yield [code];
  }
}
