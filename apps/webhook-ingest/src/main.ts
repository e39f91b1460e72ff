import 'reflect-metadata';
import { runService } from '@app/platform';
import { loadWebhookIngestConfig } from './config';
import { createWebhookIngestApp } from './webhook-ingest.app';

runService(async () => {
  const config = loadWebhookIngestConfig();
  const app = await createWebhookIngestApp(config);
  await app.listen(config.WEBHOOK_INGEST_PORT, config.HOST);
});
