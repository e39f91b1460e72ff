import { ConsoleLogger, INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError } from '@app/config';
import { JetStreamPublisher, JetStreamServer, NatsClient, RethrowRpcFilter } from '@app/messaging';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { HttpErrorFilter } from './http-error.filter';
import { jsonNestsDeeperThan, tooDeepError } from './json-depth';
import { MessagingUnavailableFilter } from './messaging-unavailable.filter';
import { OpenApiInfo, serveOpenApi } from '../openapi/openapi';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** One JSON line per event, at the configured level and above. */
export function jsonLogger(serviceName: string, level: LogLevel): ConsoleLogger {
  return new ConsoleLogger(serviceName, { json: true, logLevels: LEVELS.slice(0, LEVELS.indexOf(level) + 1) });
}

export interface HttpAppOptions {
  serviceName: string;
  logLevel: LogLevel;
  /** Keep the raw request body (`req.rawBody`), e.g. for webhook signatures. */
  rawBody?: boolean;
  bodyLimitBytes?: number;
  /** Served at /openapi.json, built from the controllers. */
  openApi: OpenApiInfo;
}

const routesOf = new WeakMap<object, Array<{ method: string; path: string }>>();

/** Every route the app serves (HEAD aside), as `GET /v1/things/:id`: the OpenAPI test checks each is documented. */
export function registeredRoutes(app: NestFastifyApplication): Array<{ method: string; path: string }> {
  return routesOf.get(app) ?? [];
}

/**
 * Fastify's JSON parser, except that an empty body is no body: many HTTP clients declare
 * `content-type: application/json` on a DELETE or a body-less POST, and that is not a client error.
 * Registered here so Nest does not register its own (the raw body is still kept when asked for).
 */
function acceptEmptyJsonBodies(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser('application/json', { bodyLimit: fastify.initialConfig.bodyLimit }, (request, body, done) => {
    if (body.length === 0) return done(null, undefined);
    const text = body.toString('utf8');
    if (jsonNestsDeeperThan(text)) return done(tooDeepError(), undefined);
    void parseJson(request as Parameters<typeof parseJson>[0], text, done);
  });
  // Kept as text, so a controller can still answer a form-encoded request with a useful message.
  app.useBodyParser('application/x-www-form-urlencoded', { bodyLimit: fastify.initialConfig.bodyLimit }, (_request, body, done) =>
    done(null, body.toString('utf8')),
  );
}

export async function createHttpApp(module: unknown, options: HttpAppOptions): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    module as Parameters<typeof NestFactory.create>[0],
    // X-Forwarded-For is believed only from a proxy on loopback or a private network (a load
    // balancer, compose's network): a client cannot pick its own address, which the rate limits key on.
    new FastifyAdapter({ bodyLimit: options.bodyLimitBytes ?? 1024 * 1024, trustProxy: 'loopback,linklocal,uniquelocal' }),
    { rawBody: options.rawBody ?? false, logger: jsonLogger(options.serviceName, options.logLevel), abortOnError: false },
  );
  acceptEmptyJsonBodies(app);
  const routes: Array<{ method: string; path: string }> = [];
  routesOf.set(app, routes);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, path: route.url });
    });
  // The filter registered last is asked first: the broker's 503 before the general error shape.
  app.useGlobalFilters(new HttpErrorFilter(options.serviceName, app.getHttpAdapter()), new MessagingUnavailableFilter());
  serveOpenApi(app, options.openApi);
  app.enableShutdownHooks();
  return app;
}

/**
 * An HTTP app that also consumes JetStream (`concurrency` messages at a time); the consumers start
 * with `startAllMicroservices()`.
 */
export async function createConsumingHttpApp(module: unknown, options: HttpAppOptions, concurrency: number): Promise<NestFastifyApplication> {
  const app = await createHttpApp(module, options);
  const consumers = app.connectMicroservice(
    { strategy: new JetStreamServer(app.get(NatsClient), app.get(JetStreamPublisher), concurrency) },
    // Deferred so the filter below is registered before the handlers are bound.
    { inheritAppConfig: false, deferInitialization: true },
  );
  consumers.useGlobalFilters(new RethrowRpcFilter());
  return app;
}

/**
 * A service's `main`: runs `start`, and on failure writes why (a configuration error in its own
 * words, anything else with its stack) and exits 1.
 */
export function runService(start: () => Promise<void>): void {
  start().catch((err: unknown) => {
    process.stderr.write(`${err instanceof ConfigError ? err.message : ((err as Error)?.stack ?? String(err))}\n`);
    process.exit(1);
  });
}

export type { INestApplication };
