import { Controller, Headers, HttpCode, Inject, Post, Req, UnsupportedMediaTypeException } from '@nestjs/common';
import type { RawBodyRequest } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { WEBHOOK_INGEST_CONFIG, WebhookIngestConfig } from '../config';
import { AcceptStripeEventUseCase } from './accept-stripe-event.usecase';
import { StripeSignatureVerifier } from './stripe-signature.verifier';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAnswers } from '@app/platform';

@ApiTags('stripe')
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
  @ApiOperation({
    summary: 'Receive a Stripe webhook event (the default workspace)',
    description:
      'Verifies the Stripe-Signature over the raw body with every configured signing secret. A 200 means the event is stored durably (or is of a type Selgeo does not read).',
  })
  @ApiBody({
    description: 'A Stripe Event object, exactly as Stripe sends it',
    schema: { type: 'object', required: ['id', 'type', 'livemode', 'created', 'data'] },
  })
  @ApiAnswers(
    {
      status: 200,
      description: 'Stored (or a duplicate, or an ignored type)',
      schema: { type: 'object', properties: { received: { type: 'boolean' }, outcome: { type: 'string', enum: ['stored', 'duplicate', 'ignored'] } } },
    },
    { status: 400, description: 'Missing, malformed, stale, future or non-matching signature' },
    415,
    503,
  )
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
