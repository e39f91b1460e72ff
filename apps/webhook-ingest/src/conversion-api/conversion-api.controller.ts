import { Body, HttpCode, Post } from '@nestjs/common';
import { ApiKeyIdentity, ConversionReport, RefundReport, reportConversionSchema, reportRefundSchema } from '@app/domain';
import { Account, SecretKeyController, ApiAnswers, ApiZodBody, conversionSchema, ZodValidationPipe } from '@app/platform';
import { ForwardConversionReportUseCase } from './forward-conversion-report/forward-conversion-report.usecase';
import { ForwardConversionRefundUseCase } from './forward-conversion-refund/forward-conversion-refund.usecase';
import { ApiOperation } from '@nestjs/swagger';

/** Server-side conversions, for merchants who do not (only) sell through Stripe Checkout. */
@SecretKeyController('api/v1/conversions', 'conversions')
export class ConversionApiController {
  constructor(
    private readonly forwardReport: ForwardConversionReportUseCase,
    private readonly forwardRefund: ForwardConversionRefundUseCase,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Report a conversion server-side',
    description:
      'Attributed by the same rules as Stripe sales (a promo code wins over a click of another partner). An external_transaction_id that is a Stripe invoice (in_...) or Checkout Session (cs_...) id makes the sale count once whether Stripe or this call reports it first.',
  })
  @ApiZodBody(reportConversionSchema)
  @ApiAnswers(
    { status: 201, description: 'The conversion', schema: conversionSchema },
    400,
    401,
    403,
    {
      status: 409,
      description: 'The external_transaction_id was already reported (or the Stripe sale it names is already counted); `conversion` holds the recorded one',
    },
    {
      status: 422,
      description: 'No attribution signal (code no_attribution_signal), or the click / promo code belongs to the other mode (code mode_mismatch)',
    },
    429,
    500,
    503,
  )
  report(@Account() account: ApiKeyIdentity, @Body(new ZodValidationPipe(reportConversionSchema)) body: ConversionReport) {
    return this.forwardReport.execute(account, body);
  }

  @Post('refunds')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Report a refund of a conversion server-side',
    description:
      "For merchants without Stripe. amount_refunded_cents is the total refunded so far (cumulative, like Stripe's amount_refunded): the same call again changes nothing and answers the conversion.",
  })
  @ApiZodBody(reportRefundSchema)
  @ApiAnswers(
    { status: 200, description: 'The conversion, with its refunded amount', schema: conversionSchema },
    400,
    401,
    403,
    { status: 404, description: 'No conversion was reported with this external_transaction_id in this workspace and mode (code unknown_transaction)' },
    {
      status: 409,
      description: 'A larger total is already recorded as refunded (code refund_below_recorded); `conversion` holds the recorded one',
    },
    { status: 422, description: "amount_refunded_cents is more than the sale's amount_cents (code refund_above_sale)" },
    429,
    500,
    503,
  )
  refund(@Account() account: ApiKeyIdentity, @Body(new ZodValidationPipe(reportRefundSchema)) body: RefundReport) {
    return this.forwardRefund.execute(account, body);
  }
}
