import 'reflect-metadata';
import { runService } from '@app/platform';
import { loadAttributionConfig } from './config';
import { createAttributionApp } from './attribution.app';

runService(async () => {
  const config = loadAttributionConfig();
  const app = await createAttributionApp(config);
  await app.startAllMicroservices();
  await app.listen(config.ATTRIBUTION_PORT, config.HOST);
});
