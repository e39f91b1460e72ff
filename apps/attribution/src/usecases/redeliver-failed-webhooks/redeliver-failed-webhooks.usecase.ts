import { Inject, Injectable } from '@nestjs/common';
import { AccountEndpoint, findOwnEndpoint } from '../../webhooks/webhook-endpoints.query';
import { WebhookEndpointsRepository } from '../../webhooks/webhook-endpoints.repository';
import { WebhookFanOut } from '../../webhooks/webhook-fan-out';

/** The endpoint whose failed deliveries are tried again. */
export type RedeliverFailedWebhooksCommand = AccountEndpoint;

/**
 * A new round of attempts for every failed delivery of an endpoint, e.g. after a receiver was down
 * longer than the retry schedule; returns how many. 404 for another account's endpoint.
 */
@Injectable()
export class RedeliverFailedWebhooksUseCase {
  constructor(
    @Inject(WebhookEndpointsRepository) private readonly webhooks: Pick<WebhookEndpointsRepository, 'findEndpoint'>,
    @Inject(WebhookFanOut) private readonly fanOut: Pick<WebhookFanOut, 'reopen'>,
  ) {}

  async execute(command: RedeliverFailedWebhooksCommand): Promise<number> {
    const endpoint = await findOwnEndpoint(this.webhooks, command);
    return this.fanOut.reopen({ workspaceId: command.workspaceId, mode: command.mode, endpointId: endpoint.id, status: 'failed' });
  }
}
