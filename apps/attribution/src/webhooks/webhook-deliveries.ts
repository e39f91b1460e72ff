import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Mode, newId, Subjects, WebhookDeliveryDue, WebhookTestEvent } from '@app/domain';
import { NatsClient } from '@app/messaging';
import { enqueueOutboxMessage, OutboxRelay } from '../outbox/outbox-relay';
import { WebhookDelivery, WebhookEndpoint, WebhooksRepository } from './webhooks.repository';

/**
 * Creates deliveries and the JetStream messages that drive them. Both are written in one
 * transaction (the message through the outbox), so a delivery never exists without its message.
 */
@Injectable()
export class WebhookDeliveries {
  constructor(
    @Inject(WebhooksRepository) private readonly webhooks: WebhooksRepository,
    @Inject(OutboxRelay) private readonly outbox: OutboxRelay,
    @Inject(NatsClient) private readonly nats: NatsClient,
  ) {}

  /** Idempotent: a redelivered event finds its deliveries made and adds none. */
  async fanOut(event: { id: string; type: string; workspace_id: string; mode: Mode; created_at: string }, body: string): Promise<void> {
    // Read before any transaction: most accounts have no endpoint, and every conversion passes here.
    const endpoints = await this.webhooks.endpointsFor(event.workspace_id, event.mode, event.type, new Date(event.created_at));
    if (endpoints.length === 0) return;
    const created = await this.webhooks.transaction(async (db) => {
      let count = 0;
      for (const endpoint of endpoints) if (await this.createDelivery(db, endpoint, event.id, event.type, body)) count++;
      return count;
    });
    if (created > 0) this.outbox.poke();
  }

  /** A `webhook.test` ping to one endpoint, delivered (and retried) like any event. */
  async sendTest(endpoint: WebhookEndpoint): Promise<WebhookDelivery> {
    const event: WebhookTestEvent = {
      id: newId(),
      type: 'webhook.test',
      api_version: 'v1',
      workspace_id: endpoint.workspaceId,
      mode: endpoint.mode,
      created_at: new Date().toISOString(),
      webhook_endpoint_id: endpoint.id,
    };
    const delivery = await this.webhooks.transaction(async (db) => (await this.createDelivery(db, endpoint, event.id, event.type, JSON.stringify(event)))!);
    this.outbox.poke();
    return delivery;
  }

  /** Starts a new round of attempts for finished deliveries; returns how many. */
  async reopen(filter: Parameters<WebhooksRepository['reopen']>[1]): Promise<number> {
    const reopened = await this.webhooks.transaction(async (db) => {
      const rows = await this.webhooks.reopen(db, filter);
      for (const row of rows) await this.announce(db, { delivery_id: row.id, generation: row.generation });
      return rows.length;
    });
    if (reopened > 0) this.outbox.poke();
    return reopened;
  }

  /** The delivery and the message that drives it; null when the endpoint already has one for the event. */
  private async createDelivery(db: EntityManager, endpoint: WebhookEndpoint, eventId: string, eventType: string, body: string): Promise<WebhookDelivery | null> {
    const delivery = await this.webhooks.insertDelivery(db, {
      id: newId(),
      endpointId: endpoint.id,
      workspaceId: endpoint.workspaceId,
      mode: endpoint.mode,
      eventId,
      eventType,
      body,
    });
    if (delivery) await this.announce(db, { delivery_id: delivery.id, generation: delivery.generation });
    return delivery;
  }

  private announce(db: EntityManager, due: WebhookDeliveryDue): Promise<void> {
    return enqueueOutboxMessage(db, { subject: this.nats.subject(Subjects.webhookDelivery), msgId: `${due.delivery_id}:${due.generation}`, payload: due });
  }
}
