import { Body, Controller, HttpCode, Inject, Post, UseGuards } from '@nestjs/common';
import { ApiKeyIdentity, ConversionReport, reportConversionSchema } from '@app/domain';
import { Account, ApiKeyGuard, RequiresKey, ZodValidationPipe } from '@app/platform';
import { ReportConversionUseCase } from './report-conversion.usecase';

/** Server-side conversions, for merchants who do not (only) sell through Stripe Checkout. */
@Controller('api/v1/conversions')
@UseGuards(ApiKeyGuard)
@RequiresKey('secret')
export class ConversionApiController {
  constructor(@Inject(ReportConversionUseCase) private readonly reportConversion: ReportConversionUseCase) {}

  @Post()
  @HttpCode(201)
  report(@Account() account: ApiKeyIdentity, @Body(new ZodValidationPipe(reportConversionSchema)) body: ConversionReport) {
    return this.reportConversion.execute(account, body);
  }
}
