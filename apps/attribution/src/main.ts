import 'reflect-metadata';
import { ConfigError } from '@app/config';
import { loadAttributionConfig } from './config';
import { createAttributionApp } from './attribution.app';

async function main(): Promise<void> {
  const config = loadAttributionConfig();
  const app = await createAttributionApp(config);
  await app.startAllMicroservices();
  await app.listen(config.ATTRIBUTION_PORT, config.HOST);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof ConfigError ? err.message : ((err as Error)?.stack ?? String(err))}\n`);
  process.exit(1);
});
