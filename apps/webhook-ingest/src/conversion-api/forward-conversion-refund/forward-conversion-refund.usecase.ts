import { Inject, Injectable } from '@nestjs/common';
import { ApiKeyIdentity, ConversionRefundRequest, ConversionView, RefundReport, Subjects } from '@app/domain';
import { NatsClient } from '@app/messaging';
import { WEBHOOK_INGEST_CONFIG, WebhookIngestConfig } from '../../config';
import { ConversionApiForwarder } from '../attribution-request';

/**
 * The gateway's half of a Conversion API refund, as for a report (ForwardConversionReportUseCase):
 * authenticated and validated here, decided by attribution, which owns the conversions.
 */
@Injectable()
export class ForwardConversionRefundUseCase extends ConversionApiForwarder {
  constructor(nats: NatsClient, @Inject(WEBHOOK_INGEST_CONFIG) config: WebhookIngestConfig) {
    super(nats, config, 'The Conversion API is limited to %d refund calls a minute per secret key');
  }

  execute(account: ApiKeyIdentity, refund: RefundReport): Promise<ConversionView> {
    const request: ConversionRefundRequest = { workspace_id: account.workspaceId, mode: account.mode, refund };
    // The amount is cumulative: the same call again is safe whether or not this one was applied.
    const retryAdvice = 'Attribution did not answer in time; retry the same call: the amount is a total, so it applies once';
    return this.forward(account, Subjects.conversionRefund, request, retryAdvice);
  }
}
