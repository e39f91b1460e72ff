import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createConsumingHttpApp } from '@app/platform';
import { CommissionsConfig } from './config';
import { CommissionsModule } from './commissions.module';

/** HTTP for plans, commissions, payouts and reads, plus the JetStream consumers that make the commissions. */
export function createCommissionsApp(config: CommissionsConfig): Promise<NestFastifyApplication> {
  const openApi = {
    title: 'Selgeo commissions',
    description: "Commission plans, partners' commissions and balances, payouts (with CSV export) and the summary. Secret keys only.",
  };
  return createConsumingHttpApp(
    CommissionsModule.forRoot(config),
    { serviceName: 'commissions', logLevel: config.LOG_LEVEL, openApi },
    config.COMMISSIONS_CONCURRENCY,
  );
}
