import { Controller, Headers, HttpCode, Inject, Post, Req, UnsupportedMediaTypeException } from '@nestjs/common';
import type { RawBodyRequest } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { WEBHOOK_INGEST_CONFIG, WebhookIngestConfig } from '../config';
import { AcceptStripeEventUseCase } from './accept-stripe-event.usecase';
import { StripeSignatureVerifier } from './stripe-signature.verifier';

@Controller('webhooks/stripe')
export class StripeWebhooksController {
  private readonly verifier: StripeSignatureVerifier;

  constructor(
    @Inject(AcceptStripeEventUseCase) private readonly accept: AcceptStripeEventUseCase,
    @Inject(WEBHOOK_INGEST_CONFIG) private readonly config: WebhookIngestConfig,
  ) {
    this.verifier = new StripeSignatureVerifier(config.STRIPE_WEBHOOK_SECRETS, config.STRIPE_WEBHOOK_TOLERANCE_SECONDS);
  }

  /** The endpoint for the default workspace (`stripe listen --forward-to .../webhooks/stripe`). */
  @Post()
  @HttpCode(200)
  async receive(
    @Req() request: RawBodyRequest<FastifyRequest>,
    @Headers('stripe-signature') signature?: string,
    @Headers('content-type') contentType?: string,
  ) {
    if (!/^application\/json\b/i.test(contentType ?? '')) {
      throw new UnsupportedMediaTypeException('Stripe sends events as application/json; this endpoint accepts nothing else');
    }
    const event = this.verifier.verify(request.rawBody, signature);
    const outcome = await this.accept.execute(this.config.DEFAULT_WORKSPACE_ID, event);
    return { received: true, outcome };
  }
}
