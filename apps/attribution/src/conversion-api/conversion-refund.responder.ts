import { Injectable } from '@nestjs/common';
import { Subjects } from '@app/domain';
import { NatsClient } from '@app/messaging';
import { ReportRefundCommand } from '../usecases/report-refund/report-refund.command';
import { ReportRefundUseCase } from '../usecases/report-refund/report-refund.usecase';
import { ConversionApiResponder } from './conversion-api-responder';

/** Answers the gateway's Conversion API refunds. */
@Injectable()
export class ConversionRefundResponder extends ConversionApiResponder {
  constructor(nats: NatsClient, useCase: ReportRefundUseCase) {
    super(nats, Subjects.conversionRefund, 'conversion refund', (request) => useCase.execute(ReportRefundCommand.parse(request)));
  }
}
