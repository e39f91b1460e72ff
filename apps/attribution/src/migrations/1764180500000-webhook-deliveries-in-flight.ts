import { MigrationInterface, QueryRunner } from 'typeorm';

/** Counts one endpoint's deliveries being sent right now (the per-endpoint cap), without a scan. */
export class WebhookDeliveriesInFlight1764180500000 implements MigrationInterface {
  name = 'WebhookDeliveriesInFlight1764180500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX webhook_deliveries_in_flight ON attribution.webhook_deliveries (endpoint_id, locked_until) WHERE locked_until IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX attribution.webhook_deliveries_in_flight`);
  }
}
