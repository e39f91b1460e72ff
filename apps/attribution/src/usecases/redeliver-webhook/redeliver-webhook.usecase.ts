import { ConflictException, Inject, Injectable } from '@nestjs/common';
import { WebhookAccount, WebhookEndpointsQuery } from '../../webhooks/webhook-endpoints.query';
import { WebhookFanOut } from '../../webhooks/webhook-fan-out';

/** The delivery to send again. */
export interface RedeliverWebhookCommand extends WebhookAccount {
  deliveryId: string;
}

/**
 * A new round of attempts for a delivery that succeeded or was given up on; 409 for one still
 * pending (it is being retried on its schedule), 404 for another account's.
 */
@Injectable()
export class RedeliverWebhookUseCase {
  constructor(
    @Inject(WebhookEndpointsQuery) private readonly query: Pick<WebhookEndpointsQuery, 'getDelivery'>,
    @Inject(WebhookFanOut) private readonly fanOut: Pick<WebhookFanOut, 'reopen'>,
  ) {}

  async execute({ workspaceId, mode, deliveryId }: RedeliverWebhookCommand) {
    const { delivery } = await this.query.getDelivery({ workspaceId, mode }, deliveryId);
    const reopened = await this.fanOut.reopen({ workspaceId, mode, deliveryId: delivery.id });
    if (reopened === 0) throw new ConflictException(`Delivery ${delivery.id} is still pending: it is being retried on its schedule`);
    return this.query.getDelivery({ workspaceId, mode }, delivery.id);
  }
}
