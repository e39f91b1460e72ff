import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { JetStreamPublisher, JetStreamServer, NatsClient, RethrowRpcFilter } from '@app/messaging';
import { createHttpApp } from '@app/platform';
import { AttributionConfig } from './config';
import { AttributionModule } from './attribution.module';

/** HTTP for reads and health, plus the JetStream consumers that do the attribution. */
export async function createAttributionApp(config: AttributionConfig): Promise<NestFastifyApplication> {
  const app = await createHttpApp(AttributionModule.forRoot(config), {
    serviceName: 'attribution',
    logLevel: config.LOG_LEVEL,
    openApi: {
      title: 'Selgeo attribution',
      description: 'Conversions and why a Stripe event produced none; outgoing webhook endpoints, their deliveries and attempts. Secret keys only.',
    },
  });
  const consumers = app.connectMicroservice(
    { strategy: new JetStreamServer(app.get(NatsClient), app.get(JetStreamPublisher), config.ATTRIBUTION_CONCURRENCY) },
    // Deferred so the filter below is registered before the handlers are bound.
    { inheritAppConfig: false, deferInitialization: true },
  );
  consumers.useGlobalFilters(new RethrowRpcFilter());
  return app;
}
