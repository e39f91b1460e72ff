import {
  BadRequestException,
  ConflictException,
  Inject,
  Injectable,
  InternalServerErrorException,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { ApiKeyIdentity, ConversionRefundReply, ConversionRefundRequest, ConversionView, RefundReport, Subjects } from '@app/domain';
import { MessagingUnavailableError, NatsClient, requestReply, RequestUnansweredError } from '@app/messaging';
import { RateLimiter } from '@app/platform';
import { WEBHOOK_INGEST_CONFIG, WebhookIngestConfig } from '../../config';

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
    let reply: ConversionRefundReply;
    try {
      reply = await requestReply<ConversionRefundReply>(this.nats, Subjects.conversionRefund, request, this.config.CONVERSION_API_TIMEOUT_MS);
    } catch (err) {
      if (err instanceof RequestUnansweredError && !err.noResponders) {
        // The amount is cumulative: the same call again is safe whether or not this one was applied.
        throw new MessagingUnavailableError(err.message, 'Attribution did not answer in time; retry the same call: the amount is a total, so it applies once');
      }
      throw err;
    }
    switch (reply.status) {
      case 200:
        return reply.conversion;
      case 400:
        throw new BadRequestException({ statusCode: 400, error: 'Bad Request', code: reply.code, message: reply.message });
      case 404:
        throw new NotFoundException({ statusCode: 404, error: 'Not Found', code: reply.code, message: reply.message });
      case 409:
        throw new ConflictException({ statusCode: 409, error: 'Conflict', code: reply.code, message: reply.message, conversion: reply.conversion });
      case 422:
        throw new UnprocessableEntityException({ statusCode: 422, error: 'Unprocessable Entity', code: reply.code, message: reply.message });
      case 500:
        throw new InternalServerErrorException({ statusCode: 500, error: 'Internal Server Error', code: reply.code, message: reply.message });
      case 503:
        throw new MessagingUnavailableError(reply.message, reply.message);
    }
  }
}
