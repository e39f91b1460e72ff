import {
  BadRequestException,
  ConflictException,
  HttpException,
  InternalServerErrorException,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import type { ApiKeyIdentity, ConversionView } from '@app/domain';
import { MessagingUnavailableError, NatsClient, requestReply, RequestUnansweredError } from '@app/messaging';
import { RateLimiter } from '@app/platform';
import type { WebhookIngestConfig } from '../config';

/** Attribution's answer to a Conversion API call: the conversion, or why not, with the HTTP status it is answered with. */
export type AttributionReply =
  | { status: 200 | 201; conversion: ConversionView }
  | { status: 400 | 404 | 422 | 500 | 503; code: string; message: string }
  | { status: 409; code: string; message: string; conversion: ConversionView };

/** Each refusal's exception and the `error` its body names. */
const REFUSALS: Record<400 | 404 | 409 | 422 | 500, [new (body: object) => HttpException, string]> = {
  400: [BadRequestException, 'Bad Request'],
  404: [NotFoundException, 'Not Found'],
  409: [ConflictException, 'Conflict'],
  422: [UnprocessableEntityException, 'Unprocessable Entity'],
  // Attribution logged the bug; a retry would fail the same way, so this is no 503.
  500: [InternalServerErrorException, 'Internal Server Error'],
};

/**
 * The gateway's half of a Conversion API call: it has authenticated and validated the call; it
 * asks attribution, which owns the conversions, the rules and the dedup, and turns the answer into
 * HTTP: the conversion, or the refusal with attribution's code and message (a 409 with the
 * conversion recorded before).
 * @param retryAdvice what a caller whose call went unanswered in time is told a retry does
 */
export async function askAttribution(nats: NatsClient, subject: string, request: unknown, timeoutMs: number, retryAdvice: string): Promise<ConversionView> {
  let reply: AttributionReply;
  try {
    reply = await requestReply<AttributionReply>(nats, subject, request, timeoutMs);
  } catch (err) {
    if (err instanceof RequestUnansweredError && !err.noResponders) throw new MessagingUnavailableError(err.message, retryAdvice);
    throw err;
  }
  if (!('code' in reply)) return reply.conversion;
  if (reply.status === 503) throw new MessagingUnavailableError(reply.message, reply.message);
  const { status, code, message } = reply;
  const conversion = reply.status === 409 ? { conversion: reply.conversion } : {};
  const [Refusal, error] = REFUSALS[status];
  throw new Refusal({ statusCode: status, error, code, message, ...conversion });
}

/** A kind of Conversion API call, forwarded to attribution, with its own limit of calls a minute per secret key. */
export abstract class ConversionApiForwarder {
  private readonly limiter: RateLimiter;

  /** @param limitMessage the 429's message, `%d` standing for the limit */
  protected constructor(
    private readonly nats: NatsClient,
    private readonly config: WebhookIngestConfig,
    limitMessage: string,
  ) {
    this.limiter = new RateLimiter(config.CONVERSION_API_RATE_LIMIT_PER_MINUTE, limitMessage);
  }

  protected forward(account: ApiKeyIdentity, subject: string, request: unknown, retryAdvice: string): Promise<ConversionView> {
    this.limiter.consume(`${account.workspaceId}:${account.mode}`);
    return askAttribution(this.nats, subject, request, this.config.CONVERSION_API_TIMEOUT_MS, retryAdvice);
  }
}
