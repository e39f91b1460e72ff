import { ConflictException, Inject, Injectable } from '@nestjs/common';
import { generateWebhookSecret, MAX_WEBHOOK_ENDPOINTS_PER_MODE, newId } from '@app/domain';
import { ATTRIBUTION_CONFIG, AttributionConfig } from '../../config';
import { requireAcceptableDestination } from '../../webhooks/endpoint-destination';
import { WebhookEndpoint, WebhookEndpointsRepository } from '../../webhooks/webhook-endpoints.repository';
import { CreateWebhookEndpointCommand } from './create-webhook-endpoint.command';

/**
 * Creates a webhook endpoint with a fresh signing secret: its URL must be an acceptable destination,
 * and a workspace has at most MAX_WEBHOOK_ENDPOINTS_PER_MODE endpoints in a mode (409 beyond).
 */
@Injectable()
export class CreateWebhookEndpointUseCase {
  constructor(
    private readonly webhooks: WebhookEndpointsRepository,
    @Inject(ATTRIBUTION_CONFIG) private readonly config: AttributionConfig,
  ) {}

  async execute({ workspaceId, mode, endpoint }: CreateWebhookEndpointCommand): Promise<WebhookEndpoint> {
    requireAcceptableDestination(mode, endpoint.url, { allowLoopback: this.config.WEBHOOK_ALLOW_LOOPBACK });
    const created = await this.webhooks.transaction((db) =>
      this.webhooks.insertEndpointWithinLimit(db, {
        id: newId(),
        workspaceId,
        mode,
        url: endpoint.url,
        description: endpoint.description ?? null,
        enabledEvents: endpoint.enabled_events,
        disabled: false,
        secret: generateWebhookSecret(),
      }),
    );
    if (!created) {
      throw new ConflictException(
        `This workspace already has ${MAX_WEBHOOK_ENDPOINTS_PER_MODE} ${mode}-mode webhook endpoints, the most allowed; delete one first`,
      );
    }
    return created;
  }
}
