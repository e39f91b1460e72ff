import { MigrationInterface, QueryRunner } from 'typeorm';
import { buildIndexesConcurrently, ConcurrentIndex, dropIndexesConcurrently } from '@app/persistence';

/**
 * The partner portal reads a partner's clicks and conversions per referral token (link), and one
 * link's alone. A token is unique across all workspaces, so the indexes led by it find one link's
 * rows at once, in the order the reads want them. The click summary's period index also carries the
 * token, so counting a period's clicks per link stays an index-only scan like per partner (see
 * ClickSummaryIndex1764600500000); it replaces that index, built first so counts never lose one.
 * Built CONCURRENTLY, without a transaction: clicks are the largest table.
 */
export class ReferralTokenReadIndexes1764700210000 implements MigrationInterface {
  name = 'ReferralTokenReadIndexes1764700210000';
  transaction = false;

  private readonly indexes: ConcurrentIndex[] = [
    ['clicks_by_time_with_token', 'attribution.clicks (clicked_at, workspace_id, mode) INCLUDE (partner_id, referral_token)'],
    ['clicks_by_token', 'attribution.clicks (referral_token, clicked_at)'],
    ['conversions_by_token', 'attribution.conversions (referral_token, created_at DESC, id DESC) WHERE referral_token IS NOT NULL'],
  ];

  private readonly replaced: ConcurrentIndex[] = [['clicks_by_time', 'attribution.clicks (clicked_at, workspace_id, mode) INCLUDE (partner_id)']];

  async up(q: QueryRunner): Promise<void> {
    await buildIndexesConcurrently(q, this.indexes);
    await dropIndexesConcurrently(q, this.replaced);
  }

  async down(q: QueryRunner): Promise<void> {
    await buildIndexesConcurrently(q, this.replaced);
    await dropIndexesConcurrently(q, this.indexes);
  }
}
