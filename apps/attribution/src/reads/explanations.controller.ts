import { Get, Param } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger';
import { ApiKeyIdentity } from '@app/domain';
import { Account, ApiAnswers, conversionSchema, SecretKeyController } from '@app/platform';
import { stripeEventSchema } from '../stripe-events/stripe-event.presenter';
import { ExplainAttributionUseCase } from '../usecases/explain-attribution/explain-attribution.usecase';

const explanationSchema: SchemaObject = {
  type: 'object',
  properties: {
    object: { type: 'string', enum: ['attribution_explanation'] },
    stripe_id: { type: 'string' },
    mode: { type: 'string', enum: ['test', 'live'] },
    found: { type: 'boolean', description: 'Whether attribution received anything for this id in this mode' },
    summary: { type: 'string', description: 'One or two sentences in plain words: attributed to whom, or why not' },
    events: {
      type: 'array',
      description: 'The Stripe events about it, oldest first',
      items: { allOf: [stripeEventSchema, { type: 'object', properties: { explanation: { type: 'string', description: 'The outcome in plain words' } } }] },
    },
    conversions: { type: 'array', items: conversionSchema },
    kept_sales: {
      type: 'array',
      description: 'Sales kept unattributed, that a Conversion API report (or, for an invoice, a later sale of its customer) can still credit',
      items: {
        type: 'object',
        properties: {
          object: { type: 'string', enum: ['checkout_session', 'invoice'] },
          id: { type: 'string' },
          customer: { type: 'string', nullable: true },
          amount_cents: { type: 'integer' },
          currency: { type: 'string', nullable: true },
          occurred_at: { type: 'string', format: 'date-time' },
          source_event_id: { type: 'string' },
        },
      },
    },
  },
};

/** "Why was this sale not attributed?" for any Stripe id a merchant has at hand. */
@SecretKeyController('v1', 'conversions')
export class ExplanationsController {
  constructor(private readonly explain: ExplainAttributionUseCase) {}

  @Get('attribution-explanations/:stripeId')
  @ApiOperation({
    summary: 'Why a sale was (or was not) attributed: what attribution recorded about a Stripe id',
    description:
      'Takes a Stripe event (evt_), Checkout Session (cs_), invoice (in_), customer (cus_), subscription (sub_) or PaymentIntent (pi_) id. ' +
      'An id nothing was received for in this mode answers found: false, with what to check.',
  })
  @ApiAnswers({ status: 200, description: 'The explanation', schema: explanationSchema }, 400, 401, 403)
  async explanation(@Account() account: ApiKeyIdentity, @Param('stripeId') stripeId: string) {
    return this.explain.execute({ workspaceId: account.workspaceId, mode: account.mode, stripeId });
  }
}
