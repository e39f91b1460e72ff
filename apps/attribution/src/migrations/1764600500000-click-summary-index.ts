import { ConcurrentIndex, ConcurrentIndexesMigration } from '@app/persistence';

/**
 * The dashboard's click chart counts a workspace's clicks per day or per partner over a period
 * (`GET /v1/click-summary`); the clicks were only ever found by id. With the workspace, mode and
 * partner included, the count is an index-only scan of the period, whatever the grouping or partner
 * filter. It leads with the time, not the workspace: an index led by (workspace_id, mode) is what
 * the planner took, on a never analysed table, for the sale's lookup of a click by id (filtering
 * every click of the workspace; group-store.medium-spec.ts), the lesson of
 * SelectiveSaleIndexes1764180300000. The price: a period's scan passes other workspaces' clicks of
 * the same days. Built CONCURRENTLY, without a transaction: clicks are the largest table.
 */
export class ClickSummaryIndex1764600500000 extends ConcurrentIndexesMigration {
  name = 'ClickSummaryIndex1764600500000';
  protected readonly indexes: ConcurrentIndex[] = [['clicks_by_time', 'attribution.clicks (clicked_at, workspace_id, mode) INCLUDE (partner_id)']];
}
