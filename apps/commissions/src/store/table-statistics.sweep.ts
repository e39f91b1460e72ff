import { Inject, Injectable, Logger } from '@nestjs/common';
import { PeriodicSweep, sweepOrWarn } from '@app/platform';
import { analyzeChangedTables } from '@app/persistence';
import { COMMISSIONS_CONFIG, CommissionsConfig } from '../config';
import { CommissionsStore } from './commissions-store';

/**
 * Keeps the statistics of the commissions schema current (see analyzeChangedTables): every lookup of
 * a conversion's commission opens with `(workspace_id, mode)`, like the list indexes, and without
 * statistics PostgreSQL may read it through a list index. Every replica runs it; a table analysed by
 * one is not changed enough for the next.
 */
@Injectable()
export class TableStatisticsSweep extends PeriodicSweep<void> {
  private readonly logger = new Logger('Commissions');

  constructor(
    private readonly store: CommissionsStore,
    @Inject(COMMISSIONS_CONFIG) private readonly config: CommissionsConfig,
  ) {
    super();
  }

  protected sweepIntervalMs(): number {
    return this.config.COMMISSIONS_STATISTICS_INTERVAL_MS;
  }

  protected sweepOnce(): Promise<void> {
    return sweepOrWarn(this.logger, 'refreshing planner statistics failed; will retry', async () => {
      const analysed = await analyzeChangedTables(this.store.dataSource, 'commissions');
      if (analysed.length > 0) this.logger.debug({ msg: 'planner statistics refreshed', tables: analysed });
    });
  }
}
