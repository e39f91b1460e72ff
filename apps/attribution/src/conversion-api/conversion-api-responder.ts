import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ATTRIBUTION_QUEUE_GROUP } from '@app/domain';
import { NatsClient, RequestResponder } from '@app/messaging';
import { conversionReportFailure } from './conversion-report-failure';

/**
 * Answers one kind of the gateway's Conversion API requests; replicas share them as one queue group.
 * A report and a refund fail alike, in the same words: a ZodError is 400, an outage 503, a bug 500
 * (logged with its stack).
 */
export abstract class ConversionApiResponder implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly responder: RequestResponder;
  private readonly logger = new Logger('ConversionApi');

  /** @param what the request's name in the log, e.g. `conversion report` */
  protected constructor(nats: NatsClient, subject: string, what: string, handle: (request: unknown) => Promise<unknown>) {
    this.responder = new RequestResponder(nats, subject, ATTRIBUTION_QUEUE_GROUP, handle, (err) => {
      const { reply, level } = conversionReportFailure(err);
      const error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      const stack = level === 'error' ? (err as Error)?.stack : undefined;
      this.logger[level]({ msg: level === 'error' ? `${what} failed: a bug` : `${what} refused`, status: reply.status, error, stack });
      return reply;
    });
  }

  onApplicationBootstrap(): void {
    this.responder.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.responder.stop();
  }
}
