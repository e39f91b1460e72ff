import { Injectable, OnModuleInit } from '@nestjs/common';
import { z } from 'zod';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Mode, MODES, newId, Subjects, WebhookDeliveryDue, WebhookTestEvent } from '@app/domain';
import { NatsClient } from '@app/messaging';
import { enqueueOutboxMessage, OutboxRelay, OutboxRow } from '../outbox/outbox-relay';
import { WebhookDelivery, WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookEndpoint, WebhookEndpointsRepository } from './webhook-endpoints.repository';

/**
 * Creates deliveries and the JetStream messages that drive them. Both are written in one
 * transaction (the message through the outbox), so a delivery never exists without its message.
 */
const conversionEvent = z.object({
  id: z.string().min(1),
  type: z.enum(['conversion.created', 'conversion.updated']),
  workspace_id: z.string().min(1),
  mode: z.enum(MODES),
  created_at: z.string(),
});

/** The conversion event an outbox row carries, or null for any other message (a delivery's, say). */
function conversionEventOf(row: OutboxRow): z.infer<typeof conversionEvent> | null {
  const parsed = conversionEvent.safeParse(row.payload);
  return parsed.success && row.subject.endsWith(`.${parsed.data.type}`) ? parsed.data : null;
}

@Injectable()
export class WebhookFanOut implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly endpoints: WebhookEndpointsRepository,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly outbox: OutboxRelay,
    private readonly nats: NatsClient,
  ) {}

  onModuleInit(): void {
    this.outbox.beforePublish((db, rows) => this.fanOut(db, rows));
  }

  /**
   * One delivery per subscribed endpoint for each `conversion.*` event the outbox relay is about to
   * publish, written in the relay's transaction: the deliveries exist exactly when the event has
   * left the outbox, and a conversion costs no second message in and out of attribution. Idempotent: an event published again
   * after a crash finds its deliveries made and adds none. Returns the outbox rows written.
   */
  private async fanOut(db: EntityManager, rows: OutboxRow[]): Promise<number> {
    const events = rows.flatMap((row) => {
      const event = conversionEventOf(row);
      return event ? [{ event, row }] : [];
    });
    if (events.length === 0) return 0;
    const endpoints = await this.endpoints.endpointsFor(
      db,
      events.map(({ event }) => ({ workspaceId: event.workspace_id, mode: event.mode, eventType: event.type, eventCreatedAt: new Date(event.created_at) })),
    );
    let written = 0;
    for (const [i, { event, row }] of events.entries()) {
      // The delivery's message goes to the namespace of the event's own subject (see SaleRecorder).
      const namespace = row.subject.slice(0, row.subject.length - event.type.length - 1);
      for (const endpoint of endpoints[i]) if (await this.createDelivery(db, endpoint, event.id, event.type, JSON.stringify(row.payload), namespace)) written++;
    }
    return written;
  }

  /**
   * One delivery per subscribed endpoint of the event's account for an event from another service
   * (the commissions service's, see CommissionEventHandler), with their messages, in one
   * transaction. Idempotent on the event's id: the same event again, even in another message,
   * finds its deliveries made and adds none. Returns how many deliveries it made.
   */
  async deliverEvent(event: { id: string; type: string; workspace_id: string; mode: Mode; created_at: string }, body: string): Promise<number> {
    const made = await this.dataSource.transaction(async (db) => {
      const [endpoints] = await this.endpoints.endpointsFor(db, [
        { workspaceId: event.workspace_id, mode: event.mode, eventType: event.type, eventCreatedAt: new Date(event.created_at) },
      ]);
      let count = 0;
      for (const endpoint of endpoints) if (await this.createDelivery(db, endpoint, event.id, event.type, body)) count++;
      return count;
    });
    if (made > 0) this.outbox.poke();
    return made;
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
    const delivery = await this.dataSource.transaction(async (db) => (await this.createDelivery(db, endpoint, event.id, event.type, JSON.stringify(event)))!);
    this.outbox.poke();
    return delivery;
  }

  /** Starts a new round of attempts for finished deliveries; returns how many. */
  async reopen(filter: Parameters<WebhookDeliveriesRepository['reopen']>[1]): Promise<number> {
    const reopened = await this.dataSource.transaction(async (db) => {
      const rows = await this.deliveries.reopen(db, filter);
      for (const row of rows) await this.announce(db, { delivery_id: row.id, generation: row.generation });
      return rows.length;
    });
    if (reopened > 0) this.outbox.poke();
    return reopened;
  }

  /** The delivery and the message that drives it; null when the endpoint already has one for the event. */
  private async createDelivery(
    db: EntityManager,
    endpoint: WebhookEndpoint,
    eventId: string,
    eventType: string,
    body: string,
    namespace = this.nats.options.namespace,
  ): Promise<WebhookDelivery | null> {
    const delivery = await this.deliveries.insertDelivery(db, {
      id: newId(),
      endpointId: endpoint.id,
      workspaceId: endpoint.workspaceId,
      mode: endpoint.mode,
      eventId,
      eventType,
      body,
    });
    if (delivery) await this.announce(db, { delivery_id: delivery.id, generation: delivery.generation }, namespace);
    return delivery;
  }

  private announce(db: EntityManager, due: WebhookDeliveryDue, namespace = this.nats.options.namespace): Promise<void> {
    return enqueueOutboxMessage(db, { subject: `${namespace}.${Subjects.webhookDelivery}`, msgId: `${due.delivery_id}:${due.generation}`, payload: due });
  }
}
