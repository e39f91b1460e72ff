import { modeSchema, namedObjectSchema } from '@app/platform';
import { STRIPE_EVENT_OUTCOMES } from '@app/domain';
import { StripeEventRecordEntity } from './stripe-event-record.entity';

/** Stripe ids are letters, digits and underscores; anything else names nothing. */
export const STRIPE_ID = /^[A-Za-z0-9_]{1,255}$/;

/** What attribution recorded of one Stripe event, as `GET /v1/stripe-events[/:id]` answer it. */
export function presentStripeEvent(record: StripeEventRecordEntity) {
  return {
    object: 'stripe_event',
    id: record.eventId,
    type: record.type,
    mode: record.mode,
    outcome: record.outcome,
    detail: record.detail,
    conversion_id: record.conversionId,
    stripe_created_at: record.stripeCreatedAt.toISOString(),
    processed_at: record.processedAt.toISOString(),
  };
}

export const stripeEventSchema = namedObjectSchema('stripe_event', {
  id: { type: 'string' },
  type: { type: 'string' },
  mode: modeSchema,
  outcome: { type: 'string', enum: [...STRIPE_EVENT_OUTCOMES] },
  detail: { type: 'string', nullable: true },
  conversion_id: { type: 'string', format: 'uuid', nullable: true },
  stripe_created_at: { type: 'string', format: 'date-time' },
  processed_at: { type: 'string', format: 'date-time' },
});
