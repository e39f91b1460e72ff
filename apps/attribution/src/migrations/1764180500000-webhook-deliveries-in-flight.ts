import { SqlMigration } from '@app/persistence';

/** Counts one endpoint's deliveries being sent right now (the per-endpoint cap), without a scan. */
export class WebhookDeliveriesInFlight1764180500000 extends SqlMigration {
  name = 'WebhookDeliveriesInFlight1764180500000';

  protected readonly upStatements = [
    `CREATE INDEX webhook_deliveries_in_flight ON attribution.webhook_deliveries (endpoint_id, locked_until) WHERE locked_until IS NOT NULL`,
  ];

  protected readonly downStatements = [`DROP INDEX attribution.webhook_deliveries_in_flight`];
}
