import { Inject, Injectable } from '@nestjs/common';
import { AccountEndpoint, findOwnEndpoint } from '../../webhooks/webhook-endpoints.query';
import { WebhookDelivery } from '../../webhooks/webhook-deliveries.repository';
import { WebhookEndpointsRepository } from '../../webhooks/webhook-endpoints.repository';
import { WebhookFanOut } from '../../webhooks/webhook-fan-out';

/** The endpoint to ping. */
export type SendTestWebhookCommand = AccountEndpoint;

/** A `webhook.test` ping to an endpoint of the account, delivered and retried like any event; 404 for another's. */
@Injectable()
export class SendTestWebhookUseCase {
  constructor(
    @Inject(WebhookEndpointsRepository) private readonly webhooks: Pick<WebhookEndpointsRepository, 'findEndpoint'>,
    @Inject(WebhookFanOut) private readonly fanOut: Pick<WebhookFanOut, 'sendTest'>,
  ) {}

  async execute(command: SendTestWebhookCommand): Promise<WebhookDelivery> {
    return this.fanOut.sendTest(await findOwnEndpoint(this.webhooks, command));
  }
}
