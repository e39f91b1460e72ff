import { DynamicModule, Module } from '@nestjs/common';
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
        MessagingModule.forService('webhook-ingest', config),
        HealthModule.forRoot({ database: false }),
      ],
      controllers: [StripeWebhooksController],
      providers: [{ provide: WEBHOOK_INGEST_CONFIG, useValue: config }, AcceptStripeEventUseCase],
    };
  }
}
