import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { z } from 'zod';
import { Consumers, Streams, Subjects } from '@app/domain';
import { DEAD_LETTER_HEADERS, JetStreamContext, JetStreamHandler, parseMessage, RetryLaterError } from '@app/messaging';
import { DeliverWebhookUseCase, DELIVERY_LOCK_MS } from '../usecases/deliver-webhook/deliver-webhook.usecase';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';

const deliveryDue = z.object({ delivery_id: z.string().uuid(), generation: z.number().int().positive() });

/** The JetStream consumer of outgoing webhooks: each delivery (made by WebhookFanOut). */
@Controller()
export class WebhookDeliveryHandler {
  constructor(
    private readonly deliver: DeliverWebhookUseCase,
    private readonly deliveries: WebhookDeliveriesRepository,
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

  /**
   * A delivery's message the transport gave up on (it kept failing) leaves the delivery pending
   * with nothing to drive it, and a pending delivery cannot be redelivered: it is failed here, with
   * the reason, so the merchant sees it and can redeliver it.
   */
  @JetStreamHandler(Subjects.deadLetter(Subjects.webhookDelivery), { stream: Streams.deadLetters, durable: Consumers.webhookDeadLetters, maxInFlight: 4 })
  async onDeliveryDeadLettered(@Payload() payload: unknown, @Ctx() ctx: JetStreamContext): Promise<void> {
    const due = deliveryDue.safeParse(payload);
    // A message that named no delivery failed none: there is nothing to mark.
    if (!due.success) return;
    const reason = ctx.getMessage().headers?.get(DEAD_LETTER_HEADERS.reason) || 'its message could not be processed';
    const outcome = await this.deliveries.failDeadLettered(due.data.delivery_id, due.data.generation, `stopped: ${reason}; redeliver it to try again`);
    if (outcome.kind === 'locked') throw new RetryLaterError(`delivery ${due.data.delivery_id} has an attempt under way`, outcome.ms);
  }
}
