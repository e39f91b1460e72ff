import { Inject, Injectable } from '@nestjs/common';
import { generateWebhookSecret } from '@app/domain';
import { AccountEndpoint, changeOwnEndpoint } from '../../webhooks/webhook-endpoints.query';
import { WebhookEndpoint, WebhookEndpointsRepository } from '../../webhooks/webhook-endpoints.repository';

/** The endpoint whose signing secret is replaced. */
export type RotateWebhookSecretCommand = AccountEndpoint;

/** A new signing secret; the old one stops working at once: the next attempt of every delivery signs with the new one. */
@Injectable()
export class RotateWebhookSecretUseCase {
  constructor(@Inject(WebhookEndpointsRepository) private readonly webhooks: Pick<WebhookEndpointsRepository, 'updateEndpoint'>) {}

  execute(command: RotateWebhookSecretCommand): Promise<WebhookEndpoint> {
    return changeOwnEndpoint(command, (id) => this.webhooks.updateEndpoint(command.workspaceId, command.mode, id, { secret: generateWebhookSecret() }));
  }
}
