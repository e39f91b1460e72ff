import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { MAX_WEBHOOK_ENDPOINTS_PER_MODE, Mode } from '@app/domain';
import { preparedQuery, queryRows, returnedRows, rowMapping } from '@app/persistence';
import { SecretBox } from '@app/platform';

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

/** A merchant's webhook endpoints, in attribution's schema; signing secrets are sealed at rest. */
@Injectable()
export class WebhookEndpointsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly secrets: SecretBox,
  ) {}

  transaction<T>(work: (db: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Inserts unless the account already has the most endpoints allowed; null then. */
  async insertEndpointWithinLimit(db: EntityManager, endpoint: Omit<WebhookEndpoint, 'createdAt' | 'updatedAt'>): Promise<WebhookEndpoint | null> {
    // Serialises creations per account across replicas, so the count below cannot be raced past.
    await queryRows(db, 'SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`webhook-endpoints:${endpoint.workspaceId}:${endpoint.mode}`]);
    const [{ count }] = await queryRows<{ count: number }>(
      db,
      `SELECT count(*)::int AS count FROM attribution.webhook_endpoints WHERE workspace_id = $1 AND mode = $2`,
      [endpoint.workspaceId, endpoint.mode],
    );
    if (count >= MAX_WEBHOOK_ENDPOINTS_PER_MODE) return null;
    const rows = await queryRows(
      db,
      `INSERT INTO attribution.webhook_endpoints (id, workspace_id, mode, url, description, enabled_events, disabled, secret)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
      [
        endpoint.id,
        endpoint.workspaceId,
        endpoint.mode,
        endpoint.url,
        endpoint.description,
        endpoint.enabledEvents,
        endpoint.disabled,
        this.secrets.seal(endpoint.secret),
      ],
    );
    return this.endpointFromRow(rows[0]);
  }

  async listEndpoints(workspaceId: string, mode: Mode): Promise<WebhookEndpoint[]> {
    const rows = await queryRows(this.dataSource, `SELECT * FROM attribution.webhook_endpoints WHERE workspace_id = $1 AND mode = $2 ORDER BY created_at, id`, [
      workspaceId,
      mode,
    ]);
    return rows.map((r: Record<string, unknown>) => this.endpointFromRow(r));
  }

  async findEndpoint(workspaceId: string, mode: Mode, id: string): Promise<WebhookEndpoint | null> {
    const rows = await queryRows(this.dataSource, `SELECT * FROM attribution.webhook_endpoints WHERE id = $1 AND workspace_id = $2 AND mode = $3`, [
      id,
      workspaceId,
      mode,
    ]);
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
      await queryRows(
        this.dataSource,
        `UPDATE attribution.webhook_endpoints SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1 AND workspace_id = $2 AND mode = $3 RETURNING *`,
        values,
      ),
    );
    return rows[0] ? this.endpointFromRow(rows[0]) : null;
  }

  /** Deletes the endpoint with its deliveries and attempts. */
  async deleteEndpoint(workspaceId: string, mode: Mode, id: string): Promise<boolean> {
    const rows = returnedRows(
      await queryRows(this.dataSource, `DELETE FROM attribution.webhook_endpoints WHERE id = $1 AND workspace_id = $2 AND mode = $3 RETURNING id`, [
        id,
        workspaceId,
        mode,
      ]),
    );
    return rows.length > 0;
  }

  /**
   * For each event of a batch, its account's enabled endpoints subscribed to its type that existed
   * when it happened (an endpoint created while the fan-out has a backlog does not receive older
   * events). One query in the caller's transaction: most accounts have no endpoint.
   */
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
        (e) =>
          e.workspaceId === l.workspaceId &&
          e.mode === l.mode &&
          (e.enabledEvents.includes('*') || e.enabledEvents.includes(l.eventType)) &&
          e.createdAt <= l.eventCreatedAt,
      ),
    );
  }

  /** Any account's endpoint by id: a delivery names its endpoint, and the delivery's account was checked when it was made. */
  async findEndpointById(id: string): Promise<WebhookEndpoint | null> {
    const rows = await queryRows(this.dataSource, `SELECT * FROM attribution.webhook_endpoints WHERE id = $1`, [id]);
    return rows[0] ? this.endpointFromRow(rows[0]) : null;
  }

  private endpointFromRow(r: Record<string, unknown>): WebhookEndpoint {
    return { ...endpointRows.fromRow(r), secret: this.secrets.open(r.secret as string) };
  }
}

/** The endpoint's columns; the secret is read sealed and opened by the repository. */
const endpointRows = rowMapping<WebhookEndpoint>({
  id: 'id',
  workspaceId: 'workspace_id',
  mode: 'mode',
  url: 'url',
  description: 'description',
  enabledEvents: 'enabled_events',
  disabled: 'disabled',
  secret: 'secret',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
});
