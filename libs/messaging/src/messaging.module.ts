import { DynamicModule, Global, Module } from '@nestjs/common';
import { JetStreamPublisher } from './jetstream-publisher';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';
import { NatsClient } from './nats-client';

@Global()
@Module({})
export class MessagingModule {
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
