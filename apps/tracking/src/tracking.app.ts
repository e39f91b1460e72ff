import { createHttpApp, jsonNestsDeeperThan, tooDeepError } from '@app/platform';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TrackingConfig } from './config';
import { TrackingModule } from './tracking.module';

/** Builds the tracking service; `main.ts` and the end-to-end tests both start it this way. */
export async function createTrackingApp(config: TrackingConfig): Promise<NestFastifyApplication> {
  const app = await createHttpApp(TrackingModule.forRoot(config), {
    serviceName: 'tracking',
    logLevel: config.LOG_LEVEL,
    openApi: {
      title: 'Selgeo tracking',
      description:
        "Partners, referral tokens and promo codes; click registration, the hosted redirect and the browser snippet; a workspace's keys and audit log; the operator's admin API.",
      operatorAuth: true,
    },
  });
  allowBrowserRoutesCrossOrigin(app);
  // The snippet posts JSON as text/plain, a "simple" request that needs no CORS preflight.
  app
    .getHttpAdapter()
    .getInstance()
    .addContentTypeParser('text/plain', { parseAs: 'string' }, (_request, body, done) => {
      if (jsonNestsDeeperThan(body as string)) return done(tooDeepError(), undefined);
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(Object.assign(new Error('The body must be JSON'), { statusCode: 400 }), undefined);
      }
    });
  return app;
}

/**
 * Only what merchants' pages call from other origins is open to them: `POST /v1/clicks` (keys,
 * not origins, authorise it; no cookies, so `*`) and the snippet. The secret-key API is for
 * servers, and a browser on another origin gets no CORS headers from it.
 */
const CROSS_ORIGIN_PATHS = new Set(['/v1/clicks', '/v1/selgeo.js']);

function allowBrowserRoutesCrossOrigin(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    const path = request.url.split('?')[0];
    if (!CROSS_ORIGIN_PATHS.has(path)) return done();
    reply.header('access-control-allow-origin', '*');
    if (request.method === 'OPTIONS' && path === '/v1/clicks') {
      reply
        .header('access-control-allow-methods', 'POST')
        .header('access-control-allow-headers', 'content-type, authorization')
        .header('access-control-max-age', '86400')
        .status(204)
        .send();
      return;
    }
    done();
  });
}
