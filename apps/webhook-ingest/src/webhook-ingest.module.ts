import { DynamicModule, Module } from '@nestjs/common';
import { ALL_STREAMS } from '@app/domain';
import { MessagingModule } from '@app/messaging';
import { HealthModule } from '@app/platform';
import { WEBHOOK_INGEST_CONFIG, WebhookIngestConfig } from './config';
import { AcceptStripeEventUseCase } from './stripe-webhooks/accept-stripe-event.usecase';
import { StripeWebhooksController } from './stripe-webhooks/stripe-webhooks.controller';

/** The gateway for conversion signals. It keeps no database: JetStream is where an event is durable. */
@Module({})
export class WebhookIngestModule {
  static forRoot(config: WebhookIngestConfig): DynamicModule {
    return {
      module: WebhookIngestModule,
      imports: [
        MessagingModule.forRoot({
          natsUrl: config.NATS_URL,
          namespace: config.SELGEO_NAMESPACE,
          serviceName: 'webhook-ingest',
          streamReplicas: config.NATS_STREAM_REPLICAS,
          publishTimeoutMs: config.NATS_PUBLISH_TIMEOUT_MS,
          streams: ALL_STREAMS,
        }),
        HealthModule.forRoot({ database: false }),
      ],
      controllers: [StripeWebhooksController],
      providers: [{ provide: WEBHOOK_INGEST_CONFIG, useValue: config }, AcceptStripeEventUseCase],
    };
  }
}
