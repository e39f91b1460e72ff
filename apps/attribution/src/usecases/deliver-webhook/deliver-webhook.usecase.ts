import { Inject, Injectable, Logger } from '@nestjs/common';
import { WebhookDeliveryDue } from '@app/domain';
import { RetryLaterError } from '@app/messaging';
import { ATTRIBUTION_CONFIG, AttributionConfig } from '../../config';
import { WebhookSender } from '../../webhooks/webhook-sender';
import { WebhookDeliveriesRepository } from '../../webhooks/webhook-deliveries.repository';

/** Longer than one attempt can take, so two replicas never send the same delivery at once. */
export const DELIVERY_LOCK_MS = 40_000;

/**
 * One attempt of one delivery, driven by its JetStream message: sent when due, retried on the
 * configured schedule (the message waits in JetStream, nak'd with the delay) and, after the last
 * retry, kept as failed for a redelivery through the API. Resolving acks the message.
 */
@Injectable()
export class DeliverWebhookUseCase {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly sender: WebhookSender,
    @Inject(ATTRIBUTION_CONFIG) private readonly config: AttributionConfig,
  ) {}

  async execute(due: WebhookDeliveryDue): Promise<void> {
    const claim = await this.deliveries.claim(due.delivery_id, due.generation, DELIVERY_LOCK_MS, this.config.WEBHOOK_MAX_IN_FLIGHT_PER_ENDPOINT);
    if (claim.kind === 'done') return;
    if (claim.kind === 'wait') throw new RetryLaterError(`delivery ${due.delivery_id} not due`, claim.ms);

    const { delivery, endpoint } = claim;
    if (endpoint.disabled) {
      await this.deliveries.failWithoutAttempt(delivery, 'the endpoint is disabled; enable it and redeliver');
      return;
    }
    const result = await this.sender.send({
      url: endpoint.url,
      secret: endpoint.secret,
      body: delivery.body,
      eventId: delivery.eventId,
      deliveryId: delivery.id,
    });
    const attempt = {
      attemptedAt: result.attemptedAt,
      durationMs: result.durationMs,
      statusCode: result.statusCode,
      error: result.error,
      responseExcerpt: result.responseExcerpt,
    };
    const attemptNumber = delivery.attempts + 1;
    const log = {
      endpoint_id: endpoint.id,
      delivery_id: delivery.id,
      event_id: delivery.eventId,
      attempt: attemptNumber,
      status_code: result.statusCode,
      duration_ms: result.durationMs,
    };
    if (result.ok) {
      await this.deliveries.recordAttempt(delivery, attempt, { status: 'succeeded' });
      this.logger.log({ msg: 'webhook delivered', ...log });
      return;
    }
    const retryInMs = this.config.WEBHOOK_RETRY_DELAYS_MS[attemptNumber - 1];
    if (retryInMs === undefined) {
      await this.deliveries.recordAttempt(delivery, attempt, { status: 'failed', error: `gave up after ${attemptNumber} attempts; last: ${result.error}` });
      this.logger.warn({ msg: 'webhook delivery failed for good; redeliverable through the API', ...log, error: result.error });
      return;
    }
    await this.deliveries.recordAttempt(delivery, attempt, { status: 'pending', retryInMs });
    this.logger.log({ msg: 'webhook delivery failed; will retry', ...log, error: result.error, retry_in_ms: retryInMs });
    throw new RetryLaterError(`delivery ${delivery.id}: ${result.error}`, retryInMs);
  }
}
