import { Injectable } from '@nestjs/common';
import { Subjects } from '@app/domain';
import { NatsClient } from '@app/messaging';
import { ReportConversionCommand } from '../usecases/report-conversion/report-conversion.command';
import { ReportConversionUseCase } from '../usecases/report-conversion/report-conversion.usecase';
import { ConversionApiResponder } from './conversion-api-responder';

/** Answers the gateway's Conversion API reports. */
@Injectable()
export class ConversionReportResponder extends ConversionApiResponder {
  constructor(nats: NatsClient, useCase: ReportConversionUseCase) {
    super(nats, Subjects.conversionReport, 'conversion report', (request) => useCase.execute(ReportConversionCommand.parse(request)));
  }
}
