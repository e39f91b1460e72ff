import type { DynamicModule } from '@nestjs/common';
import type { CommonConfig, DatabaseConfig } from '@app/config';
import { MessagingModule } from '@app/messaging';
import { PersistenceModule, PersistenceOptions } from '@app/persistence';
import { HealthModule } from './health.module';

/** A service's own schema: its name, entities and migrations. */
export type ServiceSchema = Pick<PersistenceOptions, 'schema' | 'entities' | 'migrations'>;

/**
 * The modules every service imports: its JetStream connection, its own database schema when it keeps
 * one, and the health endpoints, which check the database exactly when there is one.
 */
export function serviceInfrastructure(serviceName: string, config: CommonConfig): DynamicModule[];
export function serviceInfrastructure(serviceName: string, config: CommonConfig & DatabaseConfig, schema: ServiceSchema): DynamicModule[];
export function serviceInfrastructure(serviceName: string, config: CommonConfig, schema?: ServiceSchema): DynamicModule[] {
  const database = schema ? [PersistenceModule.forService(serviceName, config as CommonConfig & DatabaseConfig, schema)] : [];
  return [MessagingModule.forService(serviceName, config), ...database, HealthModule.forRoot({ database: !!schema })];
}
