import { DataSourceOptions } from 'typeorm';

/**
 * The longest one statement may run. A statement stuck behind a lock must fail rather than hold a
 * JetStream message: the transport's ack wait (ACK_WAIT_MS, in messaging) is longer than this, so a
 * handler's slow statement fails and is retried by its own replica before JetStream hands the same
 * message to another replica (jetstream.server.spec.ts holds the two together).
 */
export const STATEMENT_TIMEOUT_MS = 20_000;

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
      statement_timeout: STATEMENT_TIMEOUT_MS,
    },
  };
}
