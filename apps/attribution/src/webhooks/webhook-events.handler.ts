import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { z } from 'zod';
import { Consumers, MODES, Streams, Subjects } from '@app/domain';
import { JetStreamHandler, parseMessage } from '@app/messaging';
import { DeliverWebhookUseCase, DELIVERY_LOCK_MS } from './deliver-webhook.usecase';
import { WebhookDeliveries } from './webhook-deliveries';

const conversionEvent = z
  .object({ id: z.string().min(1), type: z.string().min(1), workspace_id: z.string().min(1), mode: z.enum(MODES), created_at: z.string().datetime({ offset: true }) })
  .passthrough();
const deliveryDue = z.object({ delivery_id: z.string().uuid(), generation: z.number().int().positive() });

/** The two JetStream consumers of outgoing webhooks: fan-out of each event, then each delivery. */
@Controller()
export class WebhookEventsHandler {
  constructor(
    @Inject(WebhookDeliveries) private readonly deliveries: WebhookDeliveries,
    @Inject(DeliverWebhookUseCase) private readonly deliver: DeliverWebhookUseCase,
  ) {}

  /** One delivery per subscribed endpoint of the event's workspace and mode. */
  @JetStreamHandler(Subjects.conversionEvents, { stream: Streams.conversions, durable: Consumers.webhookFanout })
  async onConversionEvent(@Payload() payload: unknown): Promise<void> {
    const event = parseMessage(conversionEvent, payload, 'conversion event');
    await this.deliveries.fanOut(event, JSON.stringify(payload));
  }

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
