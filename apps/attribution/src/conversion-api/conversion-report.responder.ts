import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ZodError } from 'zod';
import { ATTRIBUTION_QUEUE_GROUP, ConversionReportReply, Subjects } from '@app/domain';
import { NatsClient, RequestResponder } from '@app/messaging';
import { ReportConversionCommand } from '../usecases/report-conversion/report-conversion.command';
import { ReportConversionUseCase } from '../usecases/report-conversion/report-conversion.usecase';

/** Answers the gateway's Conversion API requests; replicas share them as one queue group. */
@Injectable()
export class ConversionReportResponder implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly responder: RequestResponder;

  constructor(@Inject(NatsClient) nats: NatsClient, @Inject(ReportConversionUseCase) useCase: ReportConversionUseCase) {
    this.responder = new RequestResponder(
      nats,
      Subjects.conversionReport,
      ATTRIBUTION_QUEUE_GROUP,
      (request) => useCase.execute(ReportConversionCommand.parse(request)),
      (err): ConversionReportReply =>
        err instanceof ZodError
          ? { status: 400, code: 'invalid_request', message: err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') }
          : { status: 503, code: 'attribution_busy', message: 'Attribution could not record the conversion just now; retry the same call shortly' },
    );
  }

  onApplicationBootstrap(): void {
    this.responder.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.responder.stop();
  }
}
