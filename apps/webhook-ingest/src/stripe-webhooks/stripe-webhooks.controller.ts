import { Controller, Headers, HttpCode, Inject, Param, Post, Req, UnsupportedMediaTypeException } from '@nestjs/common';
import type { RawBodyRequest } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { WEBHOOK_INGEST_CONFIG, WebhookIngestConfig } from '../config';
import { AcceptStripeEventUseCase } from './accept-stripe-event/accept-stripe-event.usecase';
import { StripeSignatureVerifier } from './stripe-signature.verifier';
import { WorkspaceSigningSecrets } from './workspace-signing-secrets';
import { ApiBody, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiAnswers } from '@app/platform';

/** What both endpoints take and answer, in the OpenAPI document. */
const STRIPE_EVENT_BODY = {
  description: 'A Stripe Event object, exactly as Stripe sends it',
  schema: { type: 'object' as const, required: ['id', 'type', 'livemode', 'created', 'data'] },
};
const STORED_ANSWER = {
  status: 200,
  description: 'Stored (or a duplicate, or an ignored type)',
  schema: {
    type: 'object' as const,
    properties: { received: { type: 'boolean' as const }, outcome: { type: 'string' as const, enum: ['stored', 'duplicate', 'ignored'] } },
  },
};
@ApiTags('stripe')
@Controller('webhooks/stripe')
export class StripeWebhooksController {
  private readonly verifier: StripeSignatureVerifier;

  constructor(
    private readonly accept: AcceptStripeEventUseCase,
    @Inject(WEBHOOK_INGEST_CONFIG) private readonly config: WebhookIngestConfig,
    private readonly workspaceSecrets: WorkspaceSigningSecrets,
  ) {
    this.verifier = new StripeSignatureVerifier(
      config.STRIPE_WEBHOOK_SECRETS.map((secret) => ({ secret })),
      config.STRIPE_WEBHOOK_TOLERANCE_SECONDS,
    );
  }

  /** The endpoint for the default workspace (`stripe listen --forward-to .../webhooks/stripe`). */
  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Receive a Stripe webhook event (the default workspace)',
    description:
      'Verifies the Stripe-Signature over the raw body with every configured signing secret. A 200 means the event is stored durably (or is of a type Selgeo does not read).',
  })
  @ApiBody(STRIPE_EVENT_BODY)
  @ApiAnswers(STORED_ANSWER, { status: 400, description: 'Missing, malformed, stale, future or non-matching signature' }, 415, 503)
  async receive(
    @Req() request: RawBodyRequest<FastifyRequest>,
    @Headers('stripe-signature') signature?: string,
    @Headers('content-type') contentType?: string,
  ) {
    requireJson(contentType);
    const event = this.verifier.verify(request.rawBody, signature);
    const outcome = await this.accept.execute({ workspaceId: this.config.DEFAULT_WORKSPACE_ID, event });
    return { received: true, outcome };
  }

  /** The endpoint of one workspace, verified with the signing secrets set through tracking's API. */
  @Post(':workspaceId')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Receive a Stripe webhook event for one workspace (its own endpoint and signing secrets)',
    description:
      "Verifies the Stripe-Signature over the raw body with the workspace's active signing secrets (POST /v1/stripe/signing-secrets on " +
      'the tracking service); a secret verifies only events of its mode. A 200 means the event is stored durably for this workspace ' +
      '(or is of a type Selgeo does not read).',
  })
  @ApiParam({ name: 'workspaceId', example: 'ws_default' })
  @ApiBody(STRIPE_EVENT_BODY)
  @ApiAnswers(
    STORED_ANSWER,
    { status: 400, description: 'Missing, malformed, stale, future or non-matching signature, or a secret of the other mode' },
    { status: 404, description: 'Unknown workspace, or one that never had a signing secret' },
    415,
    503,
  )
  async receiveForWorkspace(
    @Req() request: RawBodyRequest<FastifyRequest>,
    @Param('workspaceId') workspaceId: string,
    @Headers('stripe-signature') signature?: string,
    @Headers('content-type') contentType?: string,
  ) {
    requireJson(contentType);
    const secrets = await this.workspaceSecrets.of(workspaceId);
    const verifier = new StripeSignatureVerifier(secrets, this.config.STRIPE_WEBHOOK_TOLERANCE_SECONDS, "the workspace's signing secrets");
    const event = verifier.verify(request.rawBody, signature);
    const outcome = await this.accept.execute({ workspaceId, event });
    return { received: true, outcome };
  }
}

function requireJson(contentType: string | undefined): void {
  if (!/^application\/json\b/i.test(contentType ?? '')) {
    throw new UnsupportedMediaTypeException('Stripe sends events as application/json; this endpoint accepts nothing else');
  }
}
