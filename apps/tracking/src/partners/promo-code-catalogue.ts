import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PromoCodeAssignedEvent, Subjects } from '@app/domain';
import { JetStreamPublisher } from '@app/messaging';
import { PromoCodeEntity } from './promo-code.entity';

/**
 * Attribution keeps its own copy of which partner owns which promo code. Each code is published
 * when it is created and the whole catalogue again at start-up, which repairs the copy after a
 * crash between the insert and the publish. Consumers upsert, so republishing is harmless.
 */
@Injectable()
export class PromoCodeCatalogue implements OnApplicationBootstrap {
  private readonly logger = new Logger(PromoCodeCatalogue.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(JetStreamPublisher) private readonly publisher: JetStreamPublisher,
  ) {}

  async publish(code: PromoCodeEntity): Promise<void> {
    const event: PromoCodeAssignedEvent = {
      workspace_id: code.workspaceId,
      mode: code.mode,
      code: code.code,
      partner_id: code.partnerId,
      assigned_at: code.createdAt.toISOString(),
    };
    await this.publisher.publish(Subjects.promoCodeAssigned, event, { msgId: `promo:${code.id}` });
  }

  async onApplicationBootstrap(): Promise<void> {
    const codes = await this.dataSource.getRepository(PromoCodeEntity).find();
    for (const code of codes) await this.publish(code);
    this.logger.log({ msg: 'promo code catalogue published', codes: codes.length });
  }
}
