import { MigrationInterface, QueryRunner } from 'typeorm';
import { buildIndexesConcurrently, ConcurrentIndex, dropIndexesConcurrently } from '@app/persistence';

/**
 * The dashboard's click chart counts a workspace's clicks per day or per partner over a period
 * (`GET /v1/click-summary`); the clicks were only ever found by id. With the partner included, the
 * count is an index-only scan of the period, whatever the grouping or partner filter. Built
 * CONCURRENTLY, without a transaction: clicks are the largest table (see buildIndexesConcurrently).
 */
export class ClickSummaryIndex1764600500000 implements MigrationInterface {
  name = 'ClickSummaryIndex1764600500000';
  transaction = false;

  private readonly indexes: ConcurrentIndex[] = [['clicks_by_time', 'attribution.clicks (workspace_id, mode, clicked_at) INCLUDE (partner_id)']];

  async up(q: QueryRunner): Promise<void> {
    await buildIndexesConcurrently(q, 'attribution', this.indexes);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropIndexesConcurrently(q, 'attribution', this.indexes);
  }
}
