import 'reflect-metadata';
import { runService } from '@app/platform';
import { loadCommissionsConfig } from './config';
import { createCommissionsApp } from './commissions.app';

runService(async () => {
  const config = loadCommissionsConfig();
  const app = await createCommissionsApp(config);
  await app.startAllMicroservices();
  await app.listen(config.COMMISSIONS_PORT, config.HOST);
});
