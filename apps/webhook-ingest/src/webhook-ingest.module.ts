import { DynamicModule, Module } from '@nestjs/common';
import { ApiKeyDirectory, ApiKeyGuard, SecretBox, serviceInfrastructure, StripeSigningSecretDirectory } from '@app/platform';
import { ConversionApiController } from './conversion-api/conversion-api.controller';
import { ForwardConversionReportUseCase } from './conversion-api/forward-conversion-report/forward-conversion-report.usecase';
import { ForwardConversionRefundUseCase } from './conversion-api/forward-conversion-refund/forward-conversion-refund.usecase';
import { WEBHOOK_INGEST_CONFIG, WebhookIngestConfig } from './config';
import { AcceptStripeEventUseCase } from './stripe-webhooks/accept-stripe-event/accept-stripe-event.usecase';
import { StripeWebhooksController } from './stripe-webhooks/stripe-webhooks.controller';
import { WorkspaceSigningSecrets } from './stripe-webhooks/workspace-signing-secrets';

/**
 * The gateway for conversion signals: Stripe webhooks and the Conversion API. It keeps no
 * database: JetStream is where a Stripe event is durable, and attribution decides API calls.
 */
@Module({})
export class WebhookIngestModule {
  static forRoot(config: WebhookIngestConfig): DynamicModule {
    return {
      module: WebhookIngestModule,
      imports: serviceInfrastructure('webhook-ingest', config),
      controllers: [StripeWebhooksController, ConversionApiController],
      providers: [
        { provide: WEBHOOK_INGEST_CONFIG, useValue: config },
        ApiKeyDirectory,
        ApiKeyGuard,
        AcceptStripeEventUseCase,
        ForwardConversionReportUseCase,
        ForwardConversionRefundUseCase,
        { provide: SecretBox, useFactory: () => new SecretBox(config.WEBHOOK_SECRETS_KEY) },
        StripeSigningSecretDirectory,
        WorkspaceSigningSecrets,
      ],
    };
  }
}
