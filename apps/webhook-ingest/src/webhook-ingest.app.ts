import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp } from '@app/platform';
import { WebhookIngestConfig } from './config';
import { WebhookIngestModule } from './webhook-ingest.module';

export async function createWebhookIngestApp(config: WebhookIngestConfig): Promise<NestFastifyApplication> {
  // The signature covers the exact bytes received, so the raw body is kept.
  return createHttpApp(WebhookIngestModule.forRoot(config), {
    serviceName: 'webhook-ingest',
    logLevel: config.LOG_LEVEL,
    rawBody: true,
    openApi: { title: 'Selgeo webhook-ingest', description: 'The gateway for conversion signals: Stripe webhooks and the Conversion API.' },
  });
}
