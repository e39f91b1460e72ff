import { Inject, Injectable } from '@nestjs/common';
import { AccountEndpoint, changeOwnEndpoint } from '../../webhooks/webhook-endpoints.query';
import { WebhookEndpointsRepository } from '../../webhooks/webhook-endpoints.repository';

/** The endpoint to delete. */
export type DeleteWebhookEndpointCommand = AccountEndpoint;

/** Deletes an endpoint of the account with its deliveries and attempts; 404 for another's. */
@Injectable()
export class DeleteWebhookEndpointUseCase {
  constructor(@Inject(WebhookEndpointsRepository) private readonly webhooks: Pick<WebhookEndpointsRepository, 'deleteEndpoint'>) {}

  async execute(command: DeleteWebhookEndpointCommand): Promise<void> {
    await changeOwnEndpoint(command, (id) => this.webhooks.deleteEndpoint(command.workspaceId, command.mode, id));
  }
}
