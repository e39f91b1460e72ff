import { DynamicModule, Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NatsClient } from '@app/messaging';
import { HEALTH_CHECKS, HealthCheck } from './health-check';
import { HealthController } from './health.controller';

const TIMEOUT_MS = 2000;
/** Probes of a stream that did not store a publish: within an orchestrator's usual 1 s probe timeout. */
const STORING_TIMEOUT_MS = 800;

function natsCheck(nats: NatsClient): HealthCheck {
  // Connected, and JetStream storing what this process publishes (a clustered stream may be electing a leader).
  return {
    name: 'nats',
    isUp: async () =>
      nats.isConnected && Promise.race([nats.isStoring(), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), STORING_TIMEOUT_MS).unref())]),
  };
}

function databaseCheck(dataSource: DataSource): HealthCheck {
  return {
    name: 'database',
    isUp: () =>
      Promise.race([dataSource.query('SELECT 1').then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), TIMEOUT_MS).unref())]),
  };
}

/** `/health/live` and `/health/ready`; readiness covers NATS and, where the service has one, its database. */
@Module({})
export class HealthModule {
  static forRoot(options: { database: boolean }): DynamicModule {
    return {
      module: HealthModule,
      controllers: [HealthController],
      providers: [
        {
          provide: HEALTH_CHECKS,
          inject: options.database ? [NatsClient, getDataSourceToken()] : [NatsClient],
          useFactory: (nats: NatsClient, dataSource?: DataSource) => (dataSource ? [natsCheck(nats), databaseCheck(dataSource)] : [natsCheck(nats)]),
        },
      ],
    };
  }
}
