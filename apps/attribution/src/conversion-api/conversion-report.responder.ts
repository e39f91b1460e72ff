import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ATTRIBUTION_QUEUE_GROUP, ConversionReportReply, Subjects } from '@app/domain';
import { NatsClient, RequestResponder } from '@app/messaging';
import { ReportConversionCommand } from '../usecases/report-conversion/report-conversion.command';
import { ReportConversionUseCase } from '../usecases/report-conversion/report-conversion.usecase';
import { conversionReportFailure } from './conversion-report-failure';

/** Answers the gateway's Conversion API requests; replicas share them as one queue group. */
@Injectable()
export class ConversionReportResponder implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly responder: RequestResponder;
  private readonly logger = new Logger('ConversionApi');

  constructor(@Inject(NatsClient) nats: NatsClient, @Inject(ReportConversionUseCase) useCase: ReportConversionUseCase) {
    this.responder = new RequestResponder(
      nats,
      Subjects.conversionReport,
      ATTRIBUTION_QUEUE_GROUP,
      (request) => useCase.execute(ReportConversionCommand.parse(request)),
      (err): ConversionReportReply => {
        const { reply, level } = conversionReportFailure(err);
        const message = level === 'error' ? 'conversion report failed: a bug' : 'conversion report refused';
        const error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        this.logger[level]({ msg: message, status: reply.status, error, stack: level === 'error' ? (err as Error)?.stack : undefined });
        return reply;
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
