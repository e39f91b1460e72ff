import { Inject, Injectable } from '@nestjs/common';
import { ApiKeyIdentity, ConversionReport, ConversionReportRequest, ConversionView, Subjects } from '@app/domain';
import { NatsClient } from '@app/messaging';
import { WEBHOOK_INGEST_CONFIG, WebhookIngestConfig } from '../../config';
import { ConversionApiForwarder } from '../attribution-request';

/**
 * The gateway's half of a Conversion API call: it has authenticated and validated the call; it
 * asks attribution, which owns the rules and the dedup, and turns the answer into HTTP.
 */
@Injectable()
export class ForwardConversionReportUseCase extends ConversionApiForwarder {
  constructor(nats: NatsClient, @Inject(WEBHOOK_INGEST_CONFIG) config: WebhookIngestConfig) {
    super(nats, config, 'The Conversion API is limited to %d calls a minute per secret key');
  }

  execute(account: ApiKeyIdentity, report: ConversionReport): Promise<ConversionView> {
    const request: ConversionReportRequest = { workspace_id: account.workspaceId, mode: account.mode, received_at: new Date().toISOString(), report };
    const retryAdvice =
      'Attribution did not answer in time; the conversion may have been recorded. Retry the same call: a 409 then returns the recorded conversion';
    return this.forward(account, Subjects.conversionReport, request, retryAdvice);
  }
}
