import { BadRequestException, ConflictException, Inject, Injectable } from '@nestjs/common';
import { ApiKeyIdentity, generateWebhookSecret, MAX_WEBHOOK_ENDPOINTS_PER_MODE, newId } from '@app/domain';
import { findByIdOr404 } from '@app/platform';
import { ATTRIBUTION_CONFIG, AttributionConfig } from '../config';
import { refusedDestination } from './destination-guard';
import { CreateWebhookEndpointBody, UpdateWebhookEndpointBody } from './webhook-endpoint.schemas';
import { WebhookFanOut } from './webhook-fan-out';
import { DeliveryStatus, WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookEndpoint, WebhookEndpointsRepository } from './webhook-endpoints.repository';

/** Webhook endpoints of one workspace and mode: the account of the key that calls. */
@Injectable()
export class WebhookEndpointsService {
  constructor(
    @Inject(WebhookEndpointsRepository) private readonly webhooks: WebhookEndpointsRepository,
    @Inject(WebhookDeliveriesRepository) private readonly deliveryRecords: WebhookDeliveriesRepository,
    @Inject(WebhookFanOut) private readonly deliveries: WebhookFanOut,
    @Inject(ATTRIBUTION_CONFIG) private readonly config: AttributionConfig,
  ) {}

  private requireAllowedDestination(url: string): void {
    const refused = refusedDestination(url, { allowLoopback: this.config.WEBHOOK_ALLOW_LOOPBACK });
    if (refused) {
      const message = `${refused}; webhook endpoints must be public addresses reachable over the internet`;
      throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: `url: ${message}`, errors: [{ field: 'url', message }] });
    }
  }

  async create(account: ApiKeyIdentity, body: CreateWebhookEndpointBody): Promise<WebhookEndpoint> {
    requireHttpsInLive(account, body.url);
    this.requireAllowedDestination(body.url);
    const endpoint = await this.webhooks.transaction((db) =>
      this.webhooks.insertEndpointWithinLimit(db, {
        id: newId(),
        workspaceId: account.workspaceId,
        mode: account.mode,
        url: body.url,
        description: body.description ?? null,
        enabledEvents: body.enabled_events,
        disabled: false,
        secret: generateWebhookSecret(),
      }),
    );
    if (!endpoint) {
      throw new ConflictException(
        `This workspace already has ${MAX_WEBHOOK_ENDPOINTS_PER_MODE} ${account.mode}-mode webhook endpoints, the most allowed; delete one first`,
      );
    }
    return endpoint;
  }

  list(account: ApiKeyIdentity): Promise<WebhookEndpoint[]> {
    return this.webhooks.listEndpoints(account.workspaceId, account.mode);
  }

  async get(account: ApiKeyIdentity, id: string): Promise<WebhookEndpoint> {
    return findByIdOr404('webhook endpoint', id, account.mode, (uuid) => this.webhooks.findEndpoint(account.workspaceId, account.mode, uuid));
  }

  async update(account: ApiKeyIdentity, id: string, body: UpdateWebhookEndpointBody): Promise<WebhookEndpoint> {
    const current = await this.get(account, id);
    if (body.url) {
      requireHttpsInLive(account, body.url);
      this.requireAllowedDestination(body.url);
    }
    const updated = await this.webhooks.updateEndpoint(account.workspaceId, account.mode, current.id, {
      url: body.url,
      description: body.description === undefined ? undefined : body.description,
      enabledEvents: body.enabled_events,
      disabled: body.disabled,
    });
    return updated ?? this.get(account, id);
  }

  /** The old secret stops working at once: the next attempt of every delivery signs with the new one. */
  async rotateSecret(account: ApiKeyIdentity, id: string): Promise<WebhookEndpoint> {
    const current = await this.get(account, id);
    return (await this.webhooks.updateEndpoint(account.workspaceId, account.mode, current.id, { secret: generateWebhookSecret() }))!;
  }

  async delete(account: ApiKeyIdentity, id: string): Promise<void> {
    const current = await this.get(account, id);
    await this.webhooks.deleteEndpoint(account.workspaceId, account.mode, current.id);
  }

  async sendTest(account: ApiKeyIdentity, id: string) {
    return this.deliveries.sendTest(await this.get(account, id));
  }

  async listDeliveries(account: ApiKeyIdentity, id: string, options: { status?: DeliveryStatus; limit: number }) {
    const endpoint = await this.get(account, id);
    const deliveries = await this.deliveryRecords.listDeliveries(endpoint.id, options);
    return { deliveries, attempts: await this.deliveryRecords.attemptsOf(deliveries.map((d) => d.id)) };
  }

  async getDelivery(account: ApiKeyIdentity, deliveryId: string) {
    const delivery = await findByIdOr404('webhook delivery', deliveryId, account.mode, (uuid) =>
      this.deliveryRecords.findDelivery(account.workspaceId, account.mode, uuid),
    );
    return { delivery, attempts: (await this.deliveryRecords.attemptsOf([delivery.id])).get(delivery.id)! };
  }

  /** A new round of attempts for a delivery that succeeded or was given up on. */
  async redeliver(account: ApiKeyIdentity, deliveryId: string) {
    const { delivery } = await this.getDelivery(account, deliveryId);
    const reopened = await this.deliveries.reopen({ workspaceId: account.workspaceId, mode: account.mode, deliveryId: delivery.id });
    if (reopened === 0) throw new ConflictException(`Delivery ${delivery.id} is still pending: it is being retried on its schedule`);
    return this.getDelivery(account, delivery.id);
  }

  /** Every failed delivery of an endpoint, e.g. after a receiver was down longer than the retry schedule. */
  async redeliverFailed(account: ApiKeyIdentity, id: string): Promise<number> {
    const endpoint = await this.get(account, id);
    return this.deliveries.reopen({ workspaceId: account.workspaceId, mode: account.mode, endpointId: endpoint.id, status: 'failed' });
  }
}

function requireHttpsInLive(account: ApiKeyIdentity, url: string): void {
  if (account.mode === 'live' && new URL(url).protocol !== 'https:') {
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: 'url: live-mode endpoints must use https (test-mode endpoints may use http)',
      errors: [{ field: 'url', message: 'live-mode endpoints must use https (test-mode endpoints may use http)' }],
    });
  }
}
