import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { MessagingUnavailableError } from '@app/messaging';

/** The work could not be done (or confirmed) now, so the caller must retry: 503, which Stripe and our snippet both retry. */
@Catch(MessagingUnavailableError)
export class MessagingUnavailableFilter implements ExceptionFilter {
  private readonly logger = new Logger('Http');

  catch(error: MessagingUnavailableError, host: ArgumentsHost): void {
    this.logger.warn({ msg: 'request refused: message broker unavailable', error: error.message });
    host
      .switchToHttp()
      .getResponse<FastifyReply>()
      .status(503)
      .header('retry-after', '5')
      .send({ statusCode: 503, error: 'Service Unavailable', message: error.publicMessage });
  }
}
