import 'reflect-metadata';
import { ConfigError } from '@app/config';
import { loadCommissionsConfig } from './config';
import { createCommissionsApp } from './commissions.app';

async function main(): Promise<void> {
  const config = loadCommissionsConfig();
  const app = await createCommissionsApp(config);
  await app.startAllMicroservices();
  await app.listen(config.COMMISSIONS_PORT, config.HOST);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof ConfigError ? err.message : ((err as Error)?.stack ?? String(err))}\n`);
  process.exit(1);
});
