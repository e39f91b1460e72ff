import { BadRequestException, ConflictException, Inject, Injectable, InternalServerErrorException, UnprocessableEntityException } from '@nestjs/common';
import { ApiKeyIdentity, ConversionReport, ConversionReportReply, ConversionReportRequest, ConversionView, Subjects } from '@app/domain';
import { MessagingUnavailableError, NatsClient, requestReply, RequestUnansweredError } from '@app/messaging';
import { RateLimiter } from '@app/platform';
import { WEBHOOK_INGEST_CONFIG, WebhookIngestConfig } from '../../config';

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
    let reply: ConversionReportReply;
    try {
      reply = await requestReply<ConversionReportReply>(this.nats, Subjects.conversionReport, request, this.config.CONVERSION_API_TIMEOUT_MS);
    } catch (err) {
      if (err instanceof RequestUnansweredError && !err.noResponders) {
        throw new MessagingUnavailableError(
          err.message,
          'Attribution did not answer in time; the conversion may have been recorded. Retry the same call: a 409 then returns the recorded conversion',
        );
      }
      throw err;
    }
    switch (reply.status) {
      case 201:
        return reply.conversion;
      case 400:
        throw new BadRequestException({ statusCode: 400, error: 'Bad Request', code: reply.code, message: reply.message });
      case 409:
        throw new ConflictException({ statusCode: 409, error: 'Conflict', code: reply.code, message: reply.message, conversion: reply.conversion });
      case 422:
        throw new UnprocessableEntityException({ statusCode: 422, error: 'Unprocessable Entity', code: reply.code, message: reply.message });
      case 500:
        // Attribution logged the bug; a retry would fail the same way, so this is no 503.
        throw new InternalServerErrorException({ statusCode: 500, error: 'Internal Server Error', code: reply.code, message: reply.message });
      case 503:
        throw new MessagingUnavailableError(reply.message, reply.message);
    }
  }
}
