import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createConsumingHttpApp } from '@app/platform';
import { AttributionConfig } from './config';
import { AttributionModule } from './attribution.module';

/** HTTP for reads and health, plus the JetStream consumers that do the attribution. */
export function createAttributionApp(config: AttributionConfig): Promise<NestFastifyApplication> {
  const openApi = {
    title: 'Selgeo attribution',
    description: 'Conversions and why a Stripe event produced none; outgoing webhook endpoints, their deliveries and attempts. Secret keys only.',
  };
  return createConsumingHttpApp(
    AttributionModule.forRoot(config),
    { serviceName: 'attribution', logLevel: config.LOG_LEVEL, openApi },
    config.ATTRIBUTION_CONCURRENCY,
  );
}
