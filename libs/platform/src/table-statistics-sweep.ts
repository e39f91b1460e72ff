import { Logger, Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { analyzeChangedTables } from '@app/persistence';
import { PeriodicSweep, sweepOrWarn } from './periodic-sweep';

export interface TableStatisticsSchedule {
  /** The service's schema, whose changed tables are analysed. */
  schema: string;
  everyMs: number;
  /** The context its log lines carry. */
  logContext: string;
}

/**
 * Keeps the planner statistics of a service's schema current (see analyzeChangedTables), so
 * PostgreSQL picks its indexes by what the tables hold now. Every replica runs it; a table analysed
 * by one is not changed enough for the next. Provide it with `TableStatisticsSweep.provider(...)`,
 * which gives it its schedule; it is not an injectable of its own.
 */
export class TableStatisticsSweep extends PeriodicSweep<void> {
  private readonly logger: Logger;

  constructor(
    private readonly dataSource: DataSource,
    private readonly schedule: TableStatisticsSchedule,
  ) {
    super();
    this.logger = new Logger(schedule.logContext);
  }

  /** The sweep on the service's database. */
  static provider(schedule: TableStatisticsSchedule): Provider {
    return {
      provide: TableStatisticsSweep,
      useFactory: (dataSource: DataSource) => new TableStatisticsSweep(dataSource, schedule),
      inject: [getDataSourceToken()],
    };
  }

  protected sweepIntervalMs(): number {
    return this.schedule.everyMs;
  }

  protected sweepOnce(): Promise<void> {
    return sweepOrWarn(this.logger, 'refreshing planner statistics failed; will retry', async () => {
      const analysed = await analyzeChangedTables(this.dataSource, this.schedule.schema);
      if (analysed.length > 0) this.logger.debug({ msg: 'planner statistics refreshed', tables: analysed });
    });
  }
}
