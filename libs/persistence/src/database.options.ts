import { DataSourceOptions } from 'typeorm';

export interface ServiceDatabaseOptions {
  url: string;
  /** The service's own PostgreSQL schema; no other service writes to it. */
  schema: string;
  poolSize: number;
  entities: NonNullable<DataSourceOptions['entities']>;
  migrations: NonNullable<DataSourceOptions['migrations']>;
  applicationName: string;
}

export function dataSourceOptions(options: ServiceDatabaseOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    // Schema changes go through migrations only.
    synchronize: false,
    migrationsRun: false,
    // Failed queries surface as errors where they are handled; TypeORM's own log would print
    // expected unique violations, with their parameters, as noise.
    logging: false,
    applicationName: options.applicationName,
    extra: {
      max: options.poolSize,
      connectionTimeoutMillis: 5000,
      // A statement stuck behind a lock must not hold a JetStream message past its ack wait.
      statement_timeout: 20_000,
    },
  };
}
