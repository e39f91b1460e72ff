import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { dataSourceOptions, ServiceDatabaseOptions } from './database.options';
import { runMigrations } from './migrate';

export interface PersistenceOptions extends ServiceDatabaseOptions {
  migrateOnStart: boolean;
}

@Module({})
export class PersistenceModule {
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
