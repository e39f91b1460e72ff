import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApiKeyDirectory, ApiKeyGuard, SecretBox, serviceInfrastructure, TableStatisticsSweep } from '@app/platform';
import { AttributionStore } from './attribution.store';
import { ClickCopies } from './clicks/click-copies';
import { PromoCodeCopies } from './promo-codes/promo-code-copies';
import { ClickEntity } from './clicks/click.entity';
import { ClickRecordedHandler } from './clicks/click-recorded.handler';
import { ATTRIBUTION_CONFIG, AttributionConfig } from './config';
import { ConversionEntity } from './conversions/conversion.entity';
import { ConversionsController } from './conversions/conversions.controller';
import { ConversionsRepository } from './conversions/conversions.repository';
import { SummariesController } from './reads/summaries.controller';
import { SummariesRepository } from './reads/summaries.repository';
import { ExplanationsController } from './reads/explanations.controller';
import { AttributionRecordsRepository } from './reads/attribution-records.repository';
import { ExplainAttributionUseCase } from './usecases/explain-attribution/explain-attribution.usecase';
import { ConversionHistoryUseCase } from './usecases/conversion-history/conversion-history.usecase';
import { attributionMigrations } from './migrations';
import { StripeEventRecordEntity } from './stripe-events/stripe-event-record.entity';
import { StripeEventHandler } from './stripe-events/stripe-event.handler';
import { OutboxRelay } from './outbox/outbox-relay';
import { RetentionPurge } from './retention/retention-purge';
import { PromoCodeAssignedHandler } from './promo-codes/promo-code-assigned.handler';
import { ReferenceStreamProgress } from './sales/reference-stream-progress';
import { SaleRecorder } from './sales/sale-recorder';
import { SignalResolver } from './sales/signal-resolver';
import { GroupStore } from './sales/group-commit/group-store';
import { StripeEventBatcher } from './sales/stripe-event-batcher';
import { AttributeCheckoutUseCase } from './usecases/attribute-checkout/attribute-checkout.usecase';
import { AttributeInvoiceUseCase } from './usecases/attribute-invoice/attribute-invoice.usecase';
import { CountWaitedRenewalsUseCase } from './usecases/count-waited-renewals/count-waited-renewals.usecase';
import { ReportConversionUseCase } from './usecases/report-conversion/report-conversion.usecase';
import { ApplyMoneyBackUseCase } from './usecases/apply-money-back/apply-money-back.usecase';
import { ApplyKeptMoneyBackUseCase } from './usecases/apply-kept-money-back/apply-kept-money-back.usecase';
import { ReportRefundUseCase } from './usecases/report-refund/report-refund.usecase';
import { ConversionRefundResponder } from './conversion-api/conversion-refund.responder';
import { ConversionReportResponder } from './conversion-api/conversion-report.responder';
import { DeliverWebhookUseCase } from './usecases/deliver-webhook/deliver-webhook.usecase';
import { WebhookFanOut } from './webhooks/webhook-fan-out';
import { WebhookEndpointsController } from './webhooks/webhook-endpoints.controller';
import { WebhookEndpointsQuery } from './webhooks/webhook-endpoints.query';
import { DeleteWebhookEndpointUseCase } from './usecases/delete-webhook-endpoint/delete-webhook-endpoint.usecase';
import { RedeliverFailedWebhooksUseCase } from './usecases/redeliver-failed-webhooks/redeliver-failed-webhooks.usecase';
import { RedeliverWebhookUseCase } from './usecases/redeliver-webhook/redeliver-webhook.usecase';
import { RotateWebhookSecretUseCase } from './usecases/rotate-webhook-secret/rotate-webhook-secret.usecase';
import { SendTestWebhookUseCase } from './usecases/send-test-webhook/send-test-webhook.usecase';
import { CreateWebhookEndpointUseCase } from './usecases/create-webhook-endpoint/create-webhook-endpoint.usecase';
import { UpdateWebhookEndpointUseCase } from './usecases/update-webhook-endpoint/update-webhook-endpoint.usecase';
import { WebhookDeliveryHandler } from './webhooks/webhook-delivery.handler';
import { CommissionEventHandler } from './webhooks/commission-event.handler';
import { WebhookSender } from './webhooks/webhook-sender';
import { WebhookDeliveriesRepository } from './webhooks/webhook-deliveries.repository';
import { WebhookEndpointsRepository } from './webhooks/webhook-endpoints.repository';

export const ATTRIBUTION_SCHEMA = 'attribution';

@Module({})
export class AttributionModule {
  static forRoot(config: AttributionConfig): DynamicModule {
    return {
      module: AttributionModule,
      imports: serviceInfrastructure('attribution', config, {
        schema: ATTRIBUTION_SCHEMA,
        entities: [ClickEntity, ConversionEntity, StripeEventRecordEntity],
        migrations: attributionMigrations,
      }),
      controllers: [
        ConversionsController,
        SummariesController,
        ExplanationsController,
        WebhookEndpointsController,
        ClickRecordedHandler,
        PromoCodeAssignedHandler,
        StripeEventHandler,
        WebhookDeliveryHandler,
        CommissionEventHandler,
      ],
      providers: [
        { provide: ATTRIBUTION_CONFIG, useValue: config },
        ApiKeyDirectory,
        ApiKeyGuard,
        AttributionStore,
        ClickCopies,
        PromoCodeCopies,
        ReferenceStreamProgress,
        SignalResolver,
        SaleRecorder,
        StripeEventBatcher,
        GroupStore,
        OutboxRelay,
        TableStatisticsSweep.provider({ schema: ATTRIBUTION_SCHEMA, everyMs: config.ATTRIBUTION_STATISTICS_INTERVAL_MS, logContext: 'Attribution' }),
        { provide: RetentionPurge, inject: [DataSource], useFactory: (dataSource: DataSource) => new RetentionPurge(dataSource, config) },
        ConversionsRepository,
        SummariesRepository,
        AttributionRecordsRepository,
        ExplainAttributionUseCase,
        ConversionHistoryUseCase,
        AttributeCheckoutUseCase,
        AttributeInvoiceUseCase,
        CountWaitedRenewalsUseCase,
        ReportConversionUseCase,
        ConversionReportResponder,
        ApplyMoneyBackUseCase,
        ApplyKeptMoneyBackUseCase,
        ReportRefundUseCase,
        ConversionRefundResponder,
        {
          provide: SecretBox,
          useFactory: () => {
            return new SecretBox(config.WEBHOOK_SECRETS_KEY);
          },
        },
        WebhookEndpointsRepository,
        WebhookDeliveriesRepository,
        WebhookSender,
        WebhookFanOut,
        WebhookEndpointsQuery,
        RotateWebhookSecretUseCase,
        DeleteWebhookEndpointUseCase,
        SendTestWebhookUseCase,
        RedeliverWebhookUseCase,
        RedeliverFailedWebhooksUseCase,
        CreateWebhookEndpointUseCase,
        UpdateWebhookEndpointUseCase,
        DeliverWebhookUseCase,
      ],
    };
  }
}
