import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Consumers, Streams, Subjects } from '@app/domain';
import { JetStreamHandler, parseMessage } from '@app/messaging';
import { clickRecordedSchema } from '../usecases/record-click/record-click.command';
import { RecordClickUseCase } from '../usecases/record-click/record-click.usecase';
import { conversionEventSchema } from '../usecases/record-conversion/record-conversion.command';
import { RecordConversionUseCase } from '../usecases/record-conversion/record-conversion.usecase';
import { partnerUpsertedSchema } from '../usecases/record-partner/record-partner.command';
import { RecordPartnerUseCase } from '../usecases/record-partner/record-partner.usecase';

/**
 * The streams the commissions service reads, each through a durable consumer its replicas share.
 * A message is acknowledged once its use case committed.
 */
@Controller()
export class EventsHandler {
  constructor(
    private readonly recordConversion: RecordConversionUseCase,
    private readonly recordPartner: RecordPartnerUseCase,
    private readonly recordClick: RecordClickUseCase,
  ) {}

  @JetStreamHandler(Subjects.conversionEvents, { stream: Streams.conversions, durable: Consumers.commissionsConversions })
  async onConversion(@Payload() payload: unknown): Promise<void> {
    await this.recordConversion.execute(parseMessage(conversionEventSchema, payload, 'conversion event'));
  }

  @JetStreamHandler(Subjects.partnerUpserted, { stream: Streams.partners, durable: Consumers.commissionsPartners })
  async onPartner(@Payload() payload: unknown): Promise<void> {
    await this.recordPartner.execute(parseMessage(partnerUpsertedSchema, payload, 'partner.upserted'));
  }

  @JetStreamHandler(Subjects.clickRecorded, { stream: Streams.clicks, durable: Consumers.commissionsClicks, maxInFlight: 32 })
  async onClick(@Payload() payload: unknown): Promise<void> {
    await this.recordClick.execute(parseMessage(clickRecordedSchema, payload, 'click.recorded'));
  }
}
