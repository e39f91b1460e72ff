import { Inject, Injectable } from '@nestjs/common';
import { ApiKeyIdentity, ConversionReport, ConversionReportRequest, ConversionView, Subjects } from '@app/domain';
import { NatsClient } from '@app/messaging';
import { RateLimiter } from '@app/platform';
import { WEBHOOK_INGEST_CONFIG, WebhookIngestConfig } from '../../config';
import { askAttribution } from '../attribution-request';

/**
 * The gateway's half of a Conversion API call: it has authenticated and validated the call; it
 * asks attribution, which owns the rules and the dedup, and turns the answer into HTTP.
 */
@Injectable()
export class ForwardConversionReportUseCase {
  private readonly limiter: RateLimiter;

  constructor(
    @Inject(NatsClient) private readonly nats: NatsClient,
    @Inject(WEBHOOK_INGEST_CONFIG) private readonly config: WebhookIngestConfig,
  ) {
    this.limiter = new RateLimiter(config.CONVERSION_API_RATE_LIMIT_PER_MINUTE, 'The Conversion API is limited to %d calls a minute per secret key');
  }

  async execute(account: ApiKeyIdentity, report: ConversionReport): Promise<ConversionView> {
    this.limiter.consume(`${account.workspaceId}:${account.mode}`);
    const request: ConversionReportRequest = { workspace_id: account.workspaceId, mode: account.mode, received_at: new Date().toISOString(), report };
    const retryAdvice =
      'Attribution did not answer in time; the conversion may have been recorded. Retry the same call: a 409 then returns the recorded conversion';
    return askAttribution(this.nats, Subjects.conversionReport, request, this.config.CONVERSION_API_TIMEOUT_MS, retryAdvice);
  }
}
