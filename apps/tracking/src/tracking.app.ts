import { createHttpApp } from '@app/platform';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TrackingConfig } from './config';
import { TrackingModule } from './tracking.module';

/** Builds the tracking service; `main.ts` and the end-to-end tests both start it this way. */
export async function createTrackingApp(config: TrackingConfig): Promise<NestFastifyApplication> {
  const app = await createHttpApp(TrackingModule.forRoot(config), {
    serviceName: 'tracking',
    logLevel: config.LOG_LEVEL,
    openApi: { title: 'Selgeo tracking', description: 'Partners, referral tokens and promo codes; click registration, the hosted redirect and the browser snippet.' },
  });
  // The click endpoint is called from merchants' pages on any origin; keys, not origins, authorise.
  app.enableCors({ origin: true, methods: ['GET', 'POST'], allowedHeaders: ['content-type', 'authorization'], maxAge: 86400 });
  // The snippet posts JSON as text/plain, a "simple" request that needs no CORS preflight.
  app.getHttpAdapter().getInstance().addContentTypeParser('text/plain', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(Object.assign(new Error('The body must be JSON'), { statusCode: 400 }), undefined);
    }
  });
  return app;
}
