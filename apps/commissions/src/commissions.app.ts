import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { JetStreamPublisher, JetStreamServer, NatsClient, RethrowRpcFilter } from '@app/messaging';
import { createHttpApp } from '@app/platform';
import { CommissionsConfig } from './config';
import { CommissionsModule } from './commissions.module';

/** HTTP for plans, commissions, payouts and reads, plus the JetStream consumers that make the commissions. */
export async function createCommissionsApp(config: CommissionsConfig): Promise<NestFastifyApplication> {
  const app = await createHttpApp(CommissionsModule.forRoot(config), {
    serviceName: 'commissions',
    logLevel: config.LOG_LEVEL,
    openApi: {
      title: 'Selgeo commissions',
      description: "Commission plans, partners' commissions and balances, payouts (with CSV export) and the summary. Secret keys only.",
    },
  });
  const consumers = app.connectMicroservice(
    { strategy: new JetStreamServer(app.get(NatsClient), app.get(JetStreamPublisher), config.COMMISSIONS_CONCURRENCY) },
    { inheritAppConfig: false, deferInitialization: true },
  );
  consumers.useGlobalFilters(new RethrowRpcFilter());
  return app;
}
