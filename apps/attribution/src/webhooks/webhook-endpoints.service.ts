import { ConflictException, Inject, Injectable } from '@nestjs/common';
import { ApiKeyIdentity, generateWebhookSecret } from '@app/domain';
import { findByIdOr404 } from '@app/platform';
import { WebhookFanOut } from './webhook-fan-out';
import { DeliveryStatus, WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookEndpoint, WebhookEndpointsRepository } from './webhook-endpoints.repository';

/**
 * Webhook endpoints of one workspace and mode (the account of the key that calls): reading them and
 * their deliveries, and the operations that are one call each (delete, a new secret, a test event,
 * another round of attempts). Creating and changing an endpoint check its destination and the limit:
 * use cases of their own (usecases/create-webhook-endpoint, usecases/update-webhook-endpoint).
 */
@Injectable()
export class WebhookEndpointsService {
  constructor(
    @Inject(WebhookEndpointsRepository) private readonly webhooks: WebhookEndpointsRepository,
    @Inject(WebhookDeliveriesRepository) private readonly deliveryRecords: WebhookDeliveriesRepository,
    @Inject(WebhookFanOut) private readonly deliveries: WebhookFanOut,
  ) {}

  list(account: ApiKeyIdentity): Promise<WebhookEndpoint[]> {
    return this.webhooks.listEndpoints(account.workspaceId, account.mode);
  }

  async get(account: ApiKeyIdentity, id: string): Promise<WebhookEndpoint> {
    return findByIdOr404('webhook endpoint', id, account.mode, (uuid) => this.webhooks.findEndpoint(account.workspaceId, account.mode, uuid));
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
