import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ATTRIBUTION_QUEUE_GROUP, ConversionRefundReply, Subjects } from '@app/domain';
import { NatsClient, RequestResponder } from '@app/messaging';
import { ReportRefundCommand } from '../usecases/report-refund/report-refund.command';
import { ReportRefundUseCase } from '../usecases/report-refund/report-refund.usecase';
import { conversionReportFailure } from './conversion-report-failure';

/** Answers the gateway's Conversion API refunds; replicas share them as one queue group. */
@Injectable()
export class ConversionRefundResponder implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly responder: RequestResponder;
  private readonly logger = new Logger('ConversionApi');

  constructor(@Inject(NatsClient) nats: NatsClient, @Inject(ReportRefundUseCase) useCase: ReportRefundUseCase) {
    this.responder = new RequestResponder(
      nats,
      Subjects.conversionRefund,
      ATTRIBUTION_QUEUE_GROUP,
      (request) => useCase.execute(ReportRefundCommand.parse(request)),
      (err): ConversionRefundReply => {
        // The same failures as a report's, in the same words: a ZodError is 400, an outage 503, a bug 500.
        const { reply, level } = conversionReportFailure(err);
        const error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        this.logger[level]({ msg: level === 'error' ? 'conversion refund failed: a bug' : 'conversion refund refused', status: reply.status, error });
        return reply as ConversionRefundReply;
      },
    );
  }

  onApplicationBootstrap(): void {
    this.responder.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.responder.stop();
  }
}
