import { ConcurrentIndex, ConcurrentIndexesMigration } from '@app/persistence';

/**
 * The dashboard searches a workspace's partners by the start of a name or an email, whatever the
 * case (`GET /v1/partners?q=`), among up to 100,000 partners: an index per field, on the lowered
 * value with `text_pattern_ops` so a `LIKE 'prefix%'` reads only the matches. Substring search would
 * need pg_trgm, an extension a self-hosted database may not allow. Partners can be many when this
 * runs, so the indexes are built CONCURRENTLY, without a transaction (see buildIndexesConcurrently).
 */
export class PartnerSearchIndexes1764600100000 extends ConcurrentIndexesMigration {
  name = 'PartnerSearchIndexes1764600100000';
  protected readonly indexes: ConcurrentIndex[] = [
    ['partners_by_name', 'tracking.partners (workspace_id, mode, lower(name) text_pattern_ops)'],
    ['partners_by_email', 'tracking.partners (workspace_id, mode, lower(email) text_pattern_ops) WHERE email IS NOT NULL'],
  ];
}
