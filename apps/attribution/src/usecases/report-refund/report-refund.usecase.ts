import { Injectable } from '@nestjs/common';
import { ConversionRefundReply } from '@app/domain';
import { AttributionStore } from '../../attribution.store';
import { presentConversion } from '../../conversions/conversion-record';
import { SaleRecorder } from '../../sales/sale-recorder';
import { ReportRefundCommand } from './report-refund.command';

/**
 * A refund reported through the Conversion API, by merchants without Stripe: the cumulative total
 * refunded of a sale they reported, under the conversion's row lock so two calls cannot interleave.
 * The same total again answers the conversion unchanged (idempotent); a lower total than recorded is
 * refused (409), never applied: refunds only grow, as with Stripe.
 */
@Injectable()
export class ReportRefundUseCase {
  constructor(
    private readonly store: AttributionStore,
    private readonly sales: SaleRecorder,
  ) {}

  execute(command: ReportRefundCommand): Promise<ConversionRefundReply> {
    const { external_transaction_id: externalId, amount_refunded_cents: amount } = command.refund;
    return this.store.transaction(command.workspaceId, command.mode, async (tx): Promise<ConversionRefundReply> => {
      const conversion = await tx.lockConversionByExternalId(externalId);
      if (!conversion) {
        return {
          status: 404,
          code: 'unknown_transaction',
          message: `No conversion was reported with external_transaction_id ${externalId} in this workspace's ${command.mode} mode`,
        };
      }
      if (amount > conversion.amountCents) {
        return {
          status: 422,
          code: 'refund_above_sale',
          message: `amount_refunded_cents ${amount} is more than the sale's amount_cents ${conversion.amountCents}`,
        };
      }
      if (amount < conversion.refundedAmountCents) {
        return {
          status: 409,
          code: 'refund_below_recorded',
          message: `${conversion.refundedAmountCents} is already recorded as refunded; amount_refunded_cents is the total refunded so far and never goes down`,
          conversion: presentConversion(conversion),
        };
      }
      const { conversion: now } = await this.sales.applyMoneyBack(tx, conversion, { refundedAmountCents: amount, disputeStatus: null });
      return { status: 200, conversion: presentConversion(now) };
    });
  }
}
