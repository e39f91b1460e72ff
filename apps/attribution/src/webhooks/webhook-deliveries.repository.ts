import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Mode } from '@app/domain';
import { queryRows, returnedRows, rowMapping } from '@app/persistence';
import { WebhookEndpoint, WebhookEndpointsRepository } from './webhook-endpoints.repository';

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed';

export interface WebhookDelivery {
  id: string;
  endpointId: string;
  workspaceId: string;
  mode: Mode;
  eventId: string;
  eventType: string;
  body: string;
  status: DeliveryStatus;
  generation: number;
  /** Attempts in the current round (a redelivery starts a new round). */
  attempts: number;
  nextAttemptAt: Date;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: Date;
  completedAt: Date | null;
}

export interface DeliveryAttempt {
  deliveryId: string;
  attemptedAt: Date;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  responseExcerpt: string | null;
}

const ENDPOINT_BUSY_RETRY_MS = 1000;

/** Why a delivery message found nothing to send. */
export type ClaimResult = { kind: 'claimed'; delivery: WebhookDelivery; endpoint: WebhookEndpoint } | { kind: 'done' } | { kind: 'wait'; ms: number };

/**
 * The delivery protocol of outgoing webhooks: one delivery per endpoint and event, claimed by one
 * sender at a time, every attempt recorded, redelivery as a new generation.
 */
@Injectable()
export class WebhookDeliveriesRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly endpoints: WebhookEndpointsRepository,
  ) {}

  /** The new delivery, or null when this endpoint already has one for the event. */
  async insertDelivery(
    db: EntityManager,
    d: Pick<WebhookDelivery, 'id' | 'endpointId' | 'workspaceId' | 'mode' | 'eventId' | 'eventType' | 'body'>,
  ): Promise<WebhookDelivery | null> {
    const rows = await queryRows(
      db,
      `INSERT INTO attribution.webhook_deliveries (id, endpoint_id, workspace_id, mode, event_id, event_type, body)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (endpoint_id, event_id) DO NOTHING RETURNING *`,
      [d.id, d.endpointId, d.workspaceId, d.mode, d.eventId, d.eventType, d.body],
    );
    return rows[0] ? deliveryFromRow(rows[0]) : null;
  }

  /*
   * A delivery is read with its attempts in one snapshot (REPEATABLE READ): an attempt and the status
   * it leaves are written in one transaction, so a reader never sees the attempt beside the status
   * from before it.
   */

  async findDelivery(workspaceId: string, mode: Mode, id: string): Promise<DeliveryWithAttempts | null> {
    return this.dataSource.transaction('REPEATABLE READ', async (db) => {
      const rows = await queryRows(db, `SELECT * FROM attribution.webhook_deliveries WHERE id = $1 AND workspace_id = $2 AND mode = $3`, [
        id,
        workspaceId,
        mode,
      ]);
      if (!rows[0]) return null;
      const delivery = deliveryFromRow(rows[0]);
      return { delivery, attempts: (await attemptsOf(db, [delivery.id])).get(delivery.id)! };
    });
  }

  /** Newest first, each delivery's attempts by its id. */
  async listDeliveries(endpointId: string, options: { status?: DeliveryStatus; limit: number }): Promise<DeliveriesWithAttempts> {
    return this.dataSource.transaction('REPEATABLE READ', async (db) => {
      const rows = await queryRows(
        db,
        `SELECT * FROM attribution.webhook_deliveries WHERE endpoint_id = $1 AND ($2::text IS NULL OR status = $2)
          ORDER BY created_at DESC, id DESC LIMIT $3`,
        [endpointId, options.status ?? null, options.limit],
      );
      const deliveries = rows.map(deliveryFromRow);
      return {
        deliveries,
        attempts: await attemptsOf(
          db,
          deliveries.map((d) => d.id),
        ),
      };
    });
  }

  /**
   * Takes a due delivery of this generation for one attempt, locked for `lockMs` so no other
   * replica sends it at the same time, unless its endpoint already has `maxInFlight` deliveries
   * being sent (a slow receiver must not take every sender of the replica). Otherwise says whether
   * it is finished (or superseded by a redelivery) or when to look again.
   */
  async claim(id: string, generation: number, lockMs: number, maxInFlight: number): Promise<ClaimResult> {
    const claimed = await this.dataSource.transaction(async (db) => {
      // Claims for one endpoint take turns, so the count below is exact across replicas.
      await queryRows(
        db,
        `SELECT pg_advisory_xact_lock(hashtextextended('webhook-endpoint:' || endpoint_id::text, 0)) FROM attribution.webhook_deliveries WHERE id = $1`,
        [id],
      );
      return returnedRows<Record<string, unknown>>(
        await queryRows(
          db,
          `UPDATE attribution.webhook_deliveries d SET locked_until = clock_timestamp() + $3 * interval '1 millisecond'
            WHERE id = $1 AND generation = $2 AND status = 'pending' AND next_attempt_at <= now()
              AND (locked_until IS NULL OR locked_until < now())
              AND (SELECT count(*) FROM attribution.webhook_deliveries o
                    WHERE o.endpoint_id = d.endpoint_id AND o.locked_until IS NOT NULL AND o.locked_until > now()) < $4
            RETURNING *`,
          [id, generation, lockMs, maxInFlight],
        ),
      );
    });
    if (claimed[0]) {
      const delivery = deliveryFromRow(claimed[0]);
      const endpoint = await this.endpoints.findEndpointById(delivery.endpointId);
      return endpoint ? { kind: 'claimed', delivery, endpoint } : { kind: 'done' };
    }
    const rows: Array<{ status: string; generation: number; wait_ms: number }> = await queryRows(
      this.dataSource,
      `SELECT status, generation,
              ceil(extract(epoch FROM greatest(next_attempt_at, coalesce(locked_until, now())) - now()) * 1000)::int AS wait_ms
         FROM attribution.webhook_deliveries WHERE id = $1`,
      [id],
    );
    const row = rows[0];
    if (!row || row.status !== 'pending' || row.generation !== generation) return { kind: 'done' };
    // Due and free, so its endpoint is at its cap: look again in about a second.
    return { kind: 'wait', ms: row.wait_ms > 0 ? row.wait_ms : ENDPOINT_BUSY_RETRY_MS + Math.floor(Math.random() * 500) };
  }

  /** Records one attempt and what it leaves the delivery as. */
  async recordAttempt(
    delivery: WebhookDelivery,
    attempt: Omit<DeliveryAttempt, 'deliveryId'>,
    next: { status: 'succeeded' | 'failed'; error?: string } | { status: 'pending'; retryInMs: number },
  ): Promise<void> {
    await this.dataSource.transaction(async (db) => {
      await queryRows(
        db,
        `INSERT INTO attribution.webhook_delivery_attempts (delivery_id, attempted_at, duration_ms, status_code, error, response_excerpt)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [delivery.id, attempt.attemptedAt, attempt.durationMs, attempt.statusCode, attempt.error, attempt.responseExcerpt],
      );
      await queryRows(
        db,
        `UPDATE attribution.webhook_deliveries
            SET attempts = attempts + 1, status = $3, last_status_code = $4, last_error = $5, locked_until = NULL, updated_at = now(),
                next_attempt_at = CASE WHEN $3 = 'pending' THEN now() + $6 * interval '1 millisecond' ELSE next_attempt_at END,
                completed_at = CASE WHEN $3 = 'pending' THEN NULL ELSE now() END
          WHERE id = $1 AND generation = $2`,
        [
          delivery.id,
          delivery.generation,
          next.status,
          attempt.statusCode,
          next.status === 'failed' ? (next.error ?? attempt.error) : attempt.error,
          next.status === 'pending' ? next.retryInMs : 0,
        ],
      );
    });
  }

  /** Gives up on a delivery without an attempt (its endpoint is disabled). */
  async failWithoutAttempt(delivery: WebhookDelivery, reason: string): Promise<void> {
    await queryRows(
      this.dataSource,
      `UPDATE attribution.webhook_deliveries SET status = 'failed', last_error = $3, locked_until = NULL, completed_at = now(), updated_at = now()
        WHERE id = $1 AND generation = $2`,
      [delivery.id, delivery.generation, reason],
    );
  }

  /**
   * Fails a pending delivery of this generation whose message was dead-lettered: nothing drives it
   * any more, and only a finished delivery can be redelivered. 'locked' while an attempt may still
   * be under way (it records its own outcome); 'done' when there is nothing to fail.
   */
  async failDeadLettered(id: string, generation: number, reason: string): Promise<{ kind: 'failed' | 'done' } | { kind: 'locked'; ms: number }> {
    const failed = returnedRows(
      await queryRows(
        this.dataSource,
        `UPDATE attribution.webhook_deliveries SET status = 'failed', last_error = $3, locked_until = NULL, completed_at = now(), updated_at = now()
          WHERE id = $1 AND generation = $2 AND status = 'pending' AND (locked_until IS NULL OR locked_until < now()) RETURNING id`,
        [id, generation, reason],
      ),
    );
    if (failed.length > 0) return { kind: 'failed' };
    const rows: Array<{ wait_ms: number }> = await queryRows(
      this.dataSource,
      `SELECT ceil(extract(epoch FROM locked_until - now()) * 1000)::int AS wait_ms FROM attribution.webhook_deliveries
        WHERE id = $1 AND generation = $2 AND status = 'pending' AND locked_until >= now()`,
      [id, generation],
    );
    return rows[0] ? { kind: 'locked', ms: Math.max(rows[0].wait_ms, 100) } : { kind: 'done' };
  }

  /**
   * Puts finished deliveries back to pending for a new round of attempts (the history is kept).
   * Returns each one's new generation; deliveries still pending are left alone.
   */
  async reopen(
    db: EntityManager,
    filter: { workspaceId: string; mode: Mode; deliveryId?: string; endpointId?: string; status?: DeliveryStatus },
  ): Promise<Array<{ id: string; generation: number }>> {
    return returnedRows<{ id: string; generation: number }>(
      await queryRows(
        db,
        `UPDATE attribution.webhook_deliveries
            SET status = 'pending', generation = generation + 1, attempts = 0, next_attempt_at = now(), locked_until = NULL,
                completed_at = NULL, updated_at = now()
          WHERE workspace_id = $1 AND mode = $2 AND status <> 'pending'
            AND ($3::uuid IS NULL OR id = $3) AND ($4::uuid IS NULL OR endpoint_id = $4) AND ($5::text IS NULL OR status = $5)
          RETURNING id, generation`,
        [filter.workspaceId, filter.mode, filter.deliveryId ?? null, filter.endpointId ?? null, filter.status ?? null],
      ),
    );
  }
}

const deliveryRows = rowMapping<WebhookDelivery>({
  id: 'id',
  endpointId: 'endpoint_id',
  workspaceId: 'workspace_id',
  mode: 'mode',
  eventId: 'event_id',
  eventType: 'event_type',
  body: 'body',
  status: 'status',
  generation: 'generation',
  attempts: 'attempts',
  nextAttemptAt: 'next_attempt_at',
  lastStatusCode: 'last_status_code',
  lastError: 'last_error',
  createdAt: 'created_at',
  completedAt: 'completed_at',
});

const attemptRows = rowMapping<DeliveryAttempt>({
  deliveryId: 'delivery_id',
  attemptedAt: 'attempted_at',
  durationMs: 'duration_ms',
  statusCode: 'status_code',
  error: 'error',
  responseExcerpt: 'response_excerpt',
});

function deliveryFromRow(r: Record<string, unknown>): WebhookDelivery {
  return deliveryRows.fromRow(r);
}

export interface DeliveryWithAttempts {
  delivery: WebhookDelivery;
  attempts: DeliveryAttempt[];
}

export interface DeliveriesWithAttempts {
  deliveries: WebhookDelivery[];
  attempts: Map<string, DeliveryAttempt[]>;
}

async function attemptsOf(db: EntityManager, deliveryIds: string[]): Promise<Map<string, DeliveryAttempt[]>> {
  const out = new Map<string, DeliveryAttempt[]>(deliveryIds.map((id) => [id, []]));
  if (deliveryIds.length === 0) return out;
  const rows: Array<Record<string, unknown>> = await queryRows(
    db,
    `SELECT * FROM attribution.webhook_delivery_attempts WHERE delivery_id = ANY($1::uuid[]) ORDER BY id`,
    [deliveryIds],
  );
  for (const r of rows) out.get(r.delivery_id as string)!.push(attemptRows.fromRow(r));
  return out;
}
