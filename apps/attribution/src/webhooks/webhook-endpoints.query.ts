import { Inject, Injectable } from '@nestjs/common';
import { ApiKeyIdentity } from '@app/domain';
import { findByIdOr404 } from '@app/platform';
import { DeliveryStatus, DeliveryWithAttempts, WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookEndpoint, WebhookEndpointsRepository } from './webhook-endpoints.repository';

/** Whose endpoints and deliveries: the workspace and mode of the key that calls. */
export type WebhookAccount = Pick<ApiKeyIdentity, 'workspaceId' | 'mode'>;

/** One endpoint of an account: what the one-endpoint use cases act on. */
export interface AccountEndpoint extends WebhookAccount {
  endpointId: string;
}

/**
 * What the API reads of outgoing webhooks: an account's endpoints, and their deliveries with every
 * attempt. The changes are use cases of their own (usecases/*-webhook-*).
 */
@Injectable()
export class WebhookEndpointsQuery {
  constructor(
    @Inject(WebhookEndpointsRepository) private readonly webhooks: Pick<WebhookEndpointsRepository, 'listEndpoints' | 'findEndpoint'>,
    @Inject(WebhookDeliveriesRepository)
    private readonly deliveries: Pick<WebhookDeliveriesRepository, 'listDeliveries' | 'findDelivery'>,
  ) {}

  list(account: WebhookAccount): Promise<WebhookEndpoint[]> {
    return this.webhooks.listEndpoints(account.workspaceId, account.mode);
  }

  get(account: WebhookAccount, id: string): Promise<WebhookEndpoint> {
    return findOwnEndpoint(this.webhooks, { ...account, endpointId: id });
  }

  /** A page of an endpoint's deliveries (404 unless the endpoint is the account's), newest first. */
  async listDeliveries(account: WebhookAccount, id: string, options: { status?: DeliveryStatus; limit: number }) {
    const endpoint = await this.get(account, id);
    return this.deliveries.listDeliveries(endpoint.id, options);
  }

  getDelivery(account: WebhookAccount, deliveryId: string): Promise<DeliveryWithAttempts> {
    return findByIdOr404('webhook delivery', deliveryId, account.mode, (uuid) => this.deliveries.findDelivery(account.workspaceId, account.mode, uuid));
  }
}

/** The account's endpoint of that id, or a 404 naming it. */
export function findOwnEndpoint(webhooks: Pick<WebhookEndpointsRepository, 'findEndpoint'>, { workspaceId, mode, endpointId }: AccountEndpoint) {
  return findByIdOr404('webhook endpoint', endpointId, mode, (uuid) => webhooks.findEndpoint(workspaceId, mode, uuid));
}

/**
 * `change` made to the account's endpoint of that id, in one statement scoped to the account; a 404
 * naming the endpoint when it changed no row (`null` or `false`): the account has no such endpoint.
 */
export function changeOwnEndpoint<T>({ mode, endpointId }: AccountEndpoint, change: (id: string) => Promise<T | null>): Promise<T> {
  return findByIdOr404('webhook endpoint', endpointId, mode, change);
}
