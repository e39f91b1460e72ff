import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { DatabaseConfig } from '@app/config';
import { dataSourceOptions, ServiceDatabaseOptions } from './database.options';
import { runMigrations } from './migrate';

export interface PersistenceOptions extends ServiceDatabaseOptions {
  migrateOnStart: boolean;
}

@Module({})
export class PersistenceModule {
  /** A service's own schema, from the shared database settings. */
  static forService(
    serviceName: string,
    config: DatabaseConfig & { SELGEO_NAMESPACE: string },
    schema: Pick<PersistenceOptions, 'schema' | 'entities' | 'migrations'>,
  ): DynamicModule {
    return PersistenceModule.forRoot({
      ...schema,
      url: config.DATABASE_URL,
      poolSize: config.DATABASE_POOL_SIZE,
      // Named by deployment too, so an operator (or a drill) tells two deployments on one server apart.
      applicationName: `selgeo-${serviceName}:${config.SELGEO_NAMESPACE}`.slice(0, 63),
      migrateOnStart: config.DATABASE_MIGRATE_ON_START,
    });
  }

  static forRoot(options: PersistenceOptions): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => dataSourceOptions(options),
          dataSourceFactory: async (opts) => {
            const dataSource = await new DataSource(opts!).initialize();
            if (options.migrateOnStart) await runMigrations(dataSource, options.schema);
            return dataSource;
          },
        }),
      ],
    };
  }
}
