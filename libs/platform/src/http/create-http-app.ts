import { ConsoleLogger, INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { MessagingUnavailableFilter } from './messaging-unavailable.filter';

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
}

export async function createHttpApp(module: unknown, options: HttpAppOptions): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    module as Parameters<typeof NestFactory.create>[0],
    new FastifyAdapter({ bodyLimit: options.bodyLimitBytes ?? 1024 * 1024, trustProxy: true }),
    { rawBody: options.rawBody ?? false, logger: jsonLogger(options.serviceName, options.logLevel), abortOnError: false },
  );
  app.useGlobalFilters(new MessagingUnavailableFilter());
  app.enableShutdownHooks();
  return app;
}

export type { INestApplication };
