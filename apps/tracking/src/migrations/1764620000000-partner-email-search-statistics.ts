import { MigrationInterface, QueryRunner } from 'typeorm';
import { buildIndexesConcurrently, ConcurrentIndex, dropIndexesConcurrently } from '@app/persistence';

/**
 * The email search index of PartnerSearchIndexes1764600100000 was partial (`WHERE email IS NOT NULL`),
 * and PostgreSQL ignores the statistics of a partial index's expressions when it estimates a
 * condition on the whole table: `lower(email) LIKE 'zora%'` was taken to match 0.5% of the partners,
 * whatever the prefix. So a search for a name or email few partners have was planned as a walk down
 * the newest-first index expecting 50 matches soon, and read every partner of the workspace to find
 * the few there were (110 ms at 100,000 partners, bench/dashboard-lists.js). The same index over every
 * partner gives the planner the expression's statistics, and such a search reads only its matches
 * (0.1 ms); partners without an email add a key each. Built CONCURRENTLY, without a transaction (see
 * buildIndexesConcurrently), before the partial one goes.
 */
export class PartnerEmailSearchStatistics1764620000000 implements MigrationInterface {
  name = 'PartnerEmailSearchStatistics1764620000000';
  transaction = false;

  private readonly whole: ConcurrentIndex[] = [['partners_by_email_all', 'tracking.partners (workspace_id, mode, lower(email) text_pattern_ops)']];
  private readonly partial: ConcurrentIndex[] = [
    ['partners_by_email', 'tracking.partners (workspace_id, mode, lower(email) text_pattern_ops) WHERE email IS NOT NULL'],
  ];

  async up(q: QueryRunner): Promise<void> {
    await buildIndexesConcurrently(q, this.whole);
    await dropIndexesConcurrently(q, this.partial);
    // The new expression has no statistics until the table is analysed: the first searches would be planned on defaults.
    await q.query(`ANALYZE tracking.partners`);
  }

  async down(q: QueryRunner): Promise<void> {
    await buildIndexesConcurrently(q, this.partial);
    await dropIndexesConcurrently(q, this.whole);
  }
}
