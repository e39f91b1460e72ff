import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { MAX_WEBHOOK_ENDPOINTS_PER_MODE, Mode } from '@app/domain';
import { preparedQuery, returnedRows } from '@app/persistence';
import { SecretBox } from './secret-box';

export interface WebhookEndpoint {
  id: string;
  workspaceId: string;
  mode: Mode;
  url: string;
  description: string | null;
  enabledEvents: string[];
  disabled: boolean;
  secret: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface EndpointLookup {
  workspaceId: string;
  mode: Mode;
  eventType: string;
  /** An endpoint receives the events created after it. */
  eventCreatedAt: Date;
}

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
export type ClaimResult =
  | { kind: 'claimed'; delivery: WebhookDelivery; endpoint: WebhookEndpoint }
  | { kind: 'done' }
  | { kind: 'wait'; ms: number };

/** The webhook endpoints, their deliveries and every attempt, in attribution's schema. */
@Injectable()
export class WebhooksRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SecretBox) private readonly secrets: SecretBox,
  ) {}

  transaction<T>(work: (db: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Inserts unless the account already has the most endpoints allowed; null then. */
  async insertEndpointWithinLimit(db: EntityManager, endpoint: Omit<WebhookEndpoint, 'createdAt' | 'updatedAt'>): Promise<WebhookEndpoint | null> {
    // Serialises creations per account across replicas, so the count below cannot be raced past.
    await db.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`webhook-endpoints:${endpoint.workspaceId}:${endpoint.mode}`]);
    const [{ count }] = await db.query(`SELECT count(*)::int AS count FROM attribution.webhook_endpoints WHERE workspace_id = $1 AND mode = $2`, [
      endpoint.workspaceId,
      endpoint.mode,
    ]);
    if (count >= MAX_WEBHOOK_ENDPOINTS_PER_MODE) return null;
    const rows = await db.query(
      `INSERT INTO attribution.webhook_endpoints (id, workspace_id, mode, url, description, enabled_events, disabled, secret)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
      [endpoint.id, endpoint.workspaceId, endpoint.mode, endpoint.url, endpoint.description, endpoint.enabledEvents, endpoint.disabled, this.secrets.seal(endpoint.secret)],
    );
    return this.endpointFromRow(rows[0]);
  }

  async listEndpoints(workspaceId: string, mode: Mode): Promise<WebhookEndpoint[]> {
    const rows = await this.dataSource.query(`SELECT * FROM attribution.webhook_endpoints WHERE workspace_id = $1 AND mode = $2 ORDER BY created_at, id`, [workspaceId, mode]);
    return rows.map((r: Record<string, unknown>) => this.endpointFromRow(r));
  }

  async findEndpoint(workspaceId: string, mode: Mode, id: string): Promise<WebhookEndpoint | null> {
    const rows = await this.dataSource.query(`SELECT * FROM attribution.webhook_endpoints WHERE id = $1 AND workspace_id = $2 AND mode = $3`, [id, workspaceId, mode]);
    return rows[0] ? this.endpointFromRow(rows[0]) : null;
  }

  async updateEndpoint(
    workspaceId: string,
    mode: Mode,
    id: string,
    patch: Partial<Pick<WebhookEndpoint, 'url' | 'description' | 'enabledEvents' | 'disabled' | 'secret'>>,
  ): Promise<WebhookEndpoint | null> {
    const columns = { url: 'url', description: 'description', enabledEvents: 'enabled_events', disabled: 'disabled', secret: 'secret' } as const;
    const sets: string[] = [];
    const values: unknown[] = [id, workspaceId, mode];
    for (const [field, column] of Object.entries(columns)) {
      const value = patch[field as keyof typeof patch];
      if (value === undefined) continue;
      values.push(field === 'secret' ? this.secrets.seal(value as string) : value);
      sets.push(`${column} = $${values.length}`);
    }
    const rows = returnedRows<Record<string, unknown>>(
      await this.dataSource.query(
        `UPDATE attribution.webhook_endpoints SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1 AND workspace_id = $2 AND mode = $3 RETURNING *`,
        values,
      ),
    );
    return rows[0] ? this.endpointFromRow(rows[0]) : null;
  }

  /** Deletes the endpoint with its deliveries and attempts. */
  async deleteEndpoint(workspaceId: string, mode: Mode, id: string): Promise<boolean> {
    const rows = returnedRows(await this.dataSource.query(`DELETE FROM attribution.webhook_endpoints WHERE id = $1 AND workspace_id = $2 AND mode = $3 RETURNING id`, [id, workspaceId, mode]));
    return rows.length > 0;
  }

  /**
   * The account's enabled endpoints subscribed to an event type that existed when the event
   * happened: an endpoint created while the fan-out has a backlog does not receive older events.
   */
  /** The endpoints each event goes to, for a batch of events in one query in the caller's transaction (most accounts have none). */
  async endpointsFor(db: EntityManager, lookups: EndpointLookup[]): Promise<WebhookEndpoint[][]> {
    const accounts = [...new Map(lookups.map((l) => [`${l.workspaceId}:${l.mode}`, l])).values()];
    const rows: Record<string, unknown>[] = await preparedQuery(
      db,
      `SELECT e.* FROM attribution.webhook_endpoints e JOIN unnest($1::text[], $2::text[]) AS k(w, m) ON e.workspace_id = k.w AND e.mode = k.m
        WHERE NOT e.disabled`,
      [accounts.map((a) => a.workspaceId), accounts.map((a) => a.mode)],
    );
    const endpoints = rows.map((r) => this.endpointFromRow(r));
    return lookups.map((l) =>
      endpoints.filter(
        (e) => e.workspaceId === l.workspaceId && e.mode === l.mode && (e.enabledEvents.includes('*') || e.enabledEvents.includes(l.eventType)) && e.createdAt <= l.eventCreatedAt,
      ),
    );
  }

  /** The new delivery, or null when this endpoint already has one for the event. */
  async insertDelivery(
    db: EntityManager,
    d: Pick<WebhookDelivery, 'id' | 'endpointId' | 'workspaceId' | 'mode' | 'eventId' | 'eventType' | 'body'>,
  ): Promise<WebhookDelivery | null> {
    const rows = await db.query(
      `INSERT INTO attribution.webhook_deliveries (id, endpoint_id, workspace_id, mode, event_id, event_type, body)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (endpoint_id, event_id) DO NOTHING RETURNING *`,
      [d.id, d.endpointId, d.workspaceId, d.mode, d.eventId, d.eventType, d.body],
    );
    return rows[0] ? deliveryFromRow(rows[0]) : null;
  }

  async findDelivery(workspaceId: string, mode: Mode, id: string): Promise<WebhookDelivery | null> {
    const rows = await this.dataSource.query(`SELECT * FROM attribution.webhook_deliveries WHERE id = $1 AND workspace_id = $2 AND mode = $3`, [id, workspaceId, mode]);
    return rows[0] ? deliveryFromRow(rows[0]) : null;
  }

  /** Newest first. */
  async listDeliveries(endpointId: string, options: { status?: DeliveryStatus; limit: number }): Promise<WebhookDelivery[]> {
    const rows = await this.dataSource.query(
      `SELECT * FROM attribution.webhook_deliveries WHERE endpoint_id = $1 AND ($2::text IS NULL OR status = $2)
        ORDER BY created_at DESC, id DESC LIMIT $3`,
      [endpointId, options.status ?? null, options.limit],
    );
    return rows.map(deliveryFromRow);
  }

  async attemptsOf(deliveryIds: string[]): Promise<Map<string, DeliveryAttempt[]>> {
    const out = new Map<string, DeliveryAttempt[]>(deliveryIds.map((id) => [id, []]));
    if (deliveryIds.length === 0) return out;
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT * FROM attribution.webhook_delivery_attempts WHERE delivery_id = ANY($1::uuid[]) ORDER BY id`,
      [deliveryIds],
    );
    for (const r of rows) {
      out.get(r.delivery_id as string)!.push({
        deliveryId: r.delivery_id as string,
        attemptedAt: r.attempted_at as Date,
        durationMs: r.duration_ms as number,
        statusCode: (r.status_code as number | null) ?? null,
        error: (r.error as string | null) ?? null,
        responseExcerpt: (r.response_excerpt as string | null) ?? null,
      });
    }
    return out;
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
      await db.query(
        `SELECT pg_advisory_xact_lock(hashtextextended('webhook-endpoint:' || endpoint_id::text, 0)) FROM attribution.webhook_deliveries WHERE id = $1`,
        [id],
      );
      return returnedRows<Record<string, unknown>>(
        await db.query(
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
      const endpoints = await this.dataSource.query(`SELECT * FROM attribution.webhook_endpoints WHERE id = $1`, [delivery.endpointId]);
      if (endpoints[0]) return { kind: 'claimed', delivery, endpoint: this.endpointFromRow(endpoints[0]) };
      return { kind: 'done' };
    }
    const rows: Array<{ status: string; generation: number; wait_ms: number }> = await this.dataSource.query(
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
      await db.query(
        `INSERT INTO attribution.webhook_delivery_attempts (delivery_id, attempted_at, duration_ms, status_code, error, response_excerpt)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [delivery.id, attempt.attemptedAt, attempt.durationMs, attempt.statusCode, attempt.error, attempt.responseExcerpt],
      );
      await db.query(
        `UPDATE attribution.webhook_deliveries
            SET attempts = attempts + 1, status = $3, last_status_code = $4, last_error = $5, locked_until = NULL, updated_at = now(),
                next_attempt_at = CASE WHEN $3 = 'pending' THEN now() + $6 * interval '1 millisecond' ELSE next_attempt_at END,
                completed_at = CASE WHEN $3 = 'pending' THEN NULL ELSE now() END
          WHERE id = $1 AND generation = $2`,
        [delivery.id, delivery.generation, next.status, attempt.statusCode, next.status === 'failed' ? (next.error ?? attempt.error) : attempt.error, next.status === 'pending' ? next.retryInMs : 0],
      );
    });
  }

  /** Gives up on a delivery without an attempt (its endpoint is disabled). */
  async failWithoutAttempt(delivery: WebhookDelivery, reason: string): Promise<void> {
    await this.dataSource.query(
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
      await this.dataSource.query(
        `UPDATE attribution.webhook_deliveries SET status = 'failed', last_error = $3, locked_until = NULL, completed_at = now(), updated_at = now()
          WHERE id = $1 AND generation = $2 AND status = 'pending' AND (locked_until IS NULL OR locked_until < now()) RETURNING id`,
        [id, generation, reason],
      ),
    );
    if (failed.length > 0) return { kind: 'failed' };
    const rows: Array<{ wait_ms: number }> = await this.dataSource.query(
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
  async reopen(db: EntityManager, filter: { workspaceId: string; mode: Mode; deliveryId?: string; endpointId?: string; status?: DeliveryStatus }): Promise<Array<{ id: string; generation: number }>> {
    return returnedRows<{ id: string; generation: number }>(
      await db.query(
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

  private endpointFromRow(r: Record<string, unknown>): WebhookEndpoint {
    return {
      id: r.id as string,
      workspaceId: r.workspace_id as string,
      mode: r.mode as Mode,
      url: r.url as string,
      description: (r.description as string | null) ?? null,
      enabledEvents: r.enabled_events as string[],
      disabled: r.disabled as boolean,
      secret: this.secrets.open(r.secret as string),
      createdAt: r.created_at as Date,
      updatedAt: r.updated_at as Date,
    };
  }
}

function deliveryFromRow(r: Record<string, unknown>): WebhookDelivery {
  return {
    id: r.id as string,
    endpointId: r.endpoint_id as string,
    workspaceId: r.workspace_id as string,
    mode: r.mode as Mode,
    eventId: r.event_id as string,
    eventType: r.event_type as string,
    body: r.body as string,
    status: r.status as DeliveryStatus,
    generation: r.generation as number,
    attempts: r.attempts as number,
    nextAttemptAt: r.next_attempt_at as Date,
    lastStatusCode: (r.last_status_code as number | null) ?? null,
    lastError: (r.last_error as string | null) ?? null,
    createdAt: r.created_at as Date,
    completedAt: (r.completed_at as Date | null) ?? null,
  };
}
