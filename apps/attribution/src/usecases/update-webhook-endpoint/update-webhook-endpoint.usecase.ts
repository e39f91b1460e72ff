import { Inject, Injectable } from '@nestjs/common';
import { findByIdOr404 } from '@app/platform';
import { ATTRIBUTION_CONFIG, AttributionConfig } from '../../config';
import { requireAcceptableDestination } from '../../webhooks/endpoint-destination';
import { WebhookEndpoint, WebhookEndpointsRepository } from '../../webhooks/webhook-endpoints.repository';
import { UpdateWebhookEndpointCommand } from './update-webhook-endpoint.command';

/** Changes a webhook endpoint's URL (an acceptable destination), description, events or status; 404 for another's. */
@Injectable()
export class UpdateWebhookEndpointUseCase {
  constructor(
    private readonly webhooks: WebhookEndpointsRepository,
    @Inject(ATTRIBUTION_CONFIG) private readonly config: AttributionConfig,
  ) {}

  async execute({ workspaceId, mode, endpointId, change }: UpdateWebhookEndpointCommand): Promise<WebhookEndpoint> {
    const find = () => findByIdOr404('webhook endpoint', endpointId, mode, (uuid) => this.webhooks.findEndpoint(workspaceId, mode, uuid));
    const current = await find();
    if (change.url) requireAcceptableDestination(mode, change.url, { allowLoopback: this.config.WEBHOOK_ALLOW_LOOPBACK });
    const updated = await this.webhooks.updateEndpoint(workspaceId, mode, current.id, {
      url: change.url,
      description: change.description === undefined ? undefined : change.description,
      enabledEvents: change.enabled_events,
      disabled: change.disabled,
    });
    return updated ?? find();
  }
}
