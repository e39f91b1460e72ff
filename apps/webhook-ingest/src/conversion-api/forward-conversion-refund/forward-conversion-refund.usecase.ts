import { Inject, Injectable } from '@nestjs/common';
import { ApiKeyIdentity, ConversionRefundRequest, ConversionView, RefundReport, Subjects } from '@app/domain';
import { NatsClient } from '@app/messaging';
import { RateLimiter } from '@app/platform';
import { WEBHOOK_INGEST_CONFIG, WebhookIngestConfig } from '../../config';
import { askAttribution } from '../attribution-request';

/**
 * The gateway's half of a Conversion API refund, as for a report (ForwardConversionReportUseCase):
 * authenticated and validated here, decided by attribution, which owns the conversions.
 */
@Injectable()
export class ForwardConversionRefundUseCase {
  private readonly limiter: RateLimiter;

  constructor(
    @Inject(NatsClient) private readonly nats: NatsClient,
    @Inject(WEBHOOK_INGEST_CONFIG) private readonly config: WebhookIngestConfig,
  ) {
    this.limiter = new RateLimiter(config.CONVERSION_API_RATE_LIMIT_PER_MINUTE, 'The Conversion API is limited to %d refund calls a minute per secret key');
  }

  async execute(account: ApiKeyIdentity, refund: RefundReport): Promise<ConversionView> {
    this.limiter.consume(`${account.workspaceId}:${account.mode}`);
    const request: ConversionRefundRequest = { workspace_id: account.workspaceId, mode: account.mode, refund };
    // The amount is cumulative: the same call again is safe whether or not this one was applied.
    const retryAdvice = 'Attribution did not answer in time; retry the same call: the amount is a total, so it applies once';
    return askAttribution(this.nats, Subjects.conversionRefund, request, this.config.CONVERSION_API_TIMEOUT_MS, retryAdvice);
  }
}
