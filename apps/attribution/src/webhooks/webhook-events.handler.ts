import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { z } from 'zod';
import { Consumers, Streams, Subjects } from '@app/domain';
import { JetStreamHandler, parseMessage } from '@app/messaging';
import { DeliverWebhookUseCase, DELIVERY_LOCK_MS } from './deliver-webhook.usecase';

const deliveryDue = z.object({ delivery_id: z.string().uuid(), generation: z.number().int().positive() });

/** The JetStream consumer of outgoing webhooks: each delivery (made by WebhookDeliveries' fan-out). */
@Controller()
export class WebhookEventsHandler {
  constructor(
    @Inject(DeliverWebhookUseCase) private readonly deliver: DeliverWebhookUseCase,
  ) {}

  @JetStreamHandler(Subjects.webhookDelivery, {
    stream: Streams.webhookDeliveries,
    durable: Consumers.webhookDeliveries,
    maxInFlight: 32,
    ackWaitMs: DELIVERY_LOCK_MS + 5_000,
    // Each failing delivery waits out its retry delay unacknowledged: room for many at once.
    maxAckPending: 200_000,
  })
  async onDeliveryDue(@Payload() payload: unknown): Promise<void> {
    await this.deliver.execute(parseMessage(deliveryDue, payload, 'webhook delivery'));
  }
}
