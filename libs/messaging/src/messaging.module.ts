import { DynamicModule, Global, Module } from '@nestjs/common';
import type { CommonConfig } from '@app/config';
import { ALL_STREAMS, Streams } from '@app/domain';
import { JetStreamPublisher } from './jetstream-publisher';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';
import { NatsClient } from './nats-client';

@Global()
@Module({})
export class MessagingModule {
  /** A service's connection, from the settings every service shares; every stream is provisioned. */
  static forService(serviceName: string, config: CommonConfig): DynamicModule {
    return MessagingModule.forRoot({
      natsUrl: config.NATS_URL,
      natsUser: config.NATS_USER,
      natsPassword: config.NATS_PASSWORD,
      namespace: config.SELGEO_NAMESPACE,
      serviceName,
      streamReplicas: config.NATS_STREAM_REPLICAS,
      publishTimeoutMs: config.NATS_PUBLISH_TIMEOUT_MS,
      streams: ALL_STREAMS.map((s) => (s.name === Streams.deadLetters.name ? { ...s, maxAgeDays: config.DEAD_LETTER_RETENTION_DAYS } : s)),
    });
  }

  static forRoot(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        { provide: NatsClient, useFactory: () => NatsClient.connect(options) },
        JetStreamPublisher,
      ],
      exports: [NatsClient, JetStreamPublisher],
    };
  }
}
