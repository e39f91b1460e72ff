import 'reflect-metadata';
import { ConfigError } from '@app/config';
import { loadWebhookIngestConfig } from './config';
import { createWebhookIngestApp } from './webhook-ingest.app';

async function main(): Promise<void> {
  const config = loadWebhookIngestConfig();
  const app = await createWebhookIngestApp(config);
  await app.listen(config.WEBHOOK_INGEST_PORT, config.HOST);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof ConfigError ? err.message : ((err as Error)?.stack ?? String(err))}\n`);
  process.exit(1);
});
