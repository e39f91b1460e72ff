import { WEBHOOK_EVENT_TYPES } from '@app/domain';
import { apiObjectSchema, arrayOfObjects, modeSchema } from '@app/platform';
import { DeliveryAttempt, WebhookDelivery } from './webhook-deliveries.repository';
import { WebhookEndpoint } from './webhook-endpoints.repository';

export function presentEndpoint(e: WebhookEndpoint, options: { withSecret?: boolean } = {}) {
  return {
    id: e.id,
    object: 'webhook_endpoint' as const,
    mode: e.mode,
    url: e.url,
    description: e.description,
    enabled_events: e.enabledEvents,
    status: e.disabled ? ('disabled' as const) : ('enabled' as const),
    // Shown when created or rotated only, like an API key.
    ...(options.withSecret ? { secret: e.secret } : {}),
    created_at: e.createdAt.toISOString(),
    updated_at: e.updatedAt.toISOString(),
  };
}

export function presentDelivery(d: WebhookDelivery, attempts: DeliveryAttempt[]) {
  return {
    id: d.id,
    object: 'webhook_delivery' as const,
    endpoint_id: d.endpointId,
    mode: d.mode,
    event_id: d.eventId,
    event_type: d.eventType,
    status: d.status,
    next_attempt_at: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null,
    last_status_code: d.lastStatusCode,
    last_error: d.lastError,
    created_at: d.createdAt.toISOString(),
    completed_at: d.completedAt?.toISOString() ?? null,
    attempts: attempts.map((a) => ({
      attempted_at: a.attemptedAt.toISOString(),
      duration_ms: a.durationMs,
      status_code: a.statusCode,
      error: a.error,
      response_excerpt: a.responseExcerpt,
    })),
  };
}

/** OpenAPI shapes of the above. */
export const webhookEndpointSchema = apiObjectSchema('webhook_endpoint', {
  mode: modeSchema,
  url: { type: 'string', format: 'uri' },
  description: { type: 'string', nullable: true },
  enabled_events: { type: 'array', items: { type: 'string', enum: ['*', ...WEBHOOK_EVENT_TYPES] } },
  status: { type: 'string', enum: ['enabled', 'disabled'] },
  secret: { type: 'string', description: 'whsec_ and 64 hex characters; returned on creation and rotation only' },
  created_at: { type: 'string', format: 'date-time' },
  updated_at: { type: 'string', format: 'date-time' },
});

export const webhookDeliverySchema = apiObjectSchema('webhook_delivery', {
  endpoint_id: { type: 'string', format: 'uuid' },
  mode: modeSchema,
  event_id: { type: 'string' },
  event_type: { type: 'string' },
  status: { type: 'string', enum: ['pending', 'succeeded', 'failed'] },
  next_attempt_at: { type: 'string', format: 'date-time', nullable: true },
  last_status_code: { type: 'integer', nullable: true },
  last_error: { type: 'string', nullable: true },
  created_at: { type: 'string', format: 'date-time' },
  completed_at: { type: 'string', format: 'date-time', nullable: true },
  attempts: arrayOfObjects({
    attempted_at: { type: 'string', format: 'date-time' },
    duration_ms: { type: 'integer' },
    status_code: { type: 'integer', nullable: true },
    error: { type: 'string', nullable: true },
    response_excerpt: { type: 'string', nullable: true },
  }),
});

/** The answer to deleting an endpoint. */
export const deletedEndpointSchema = { type: 'object', properties: { id: { type: 'string' }, object: { type: 'string' }, deleted: { type: 'boolean' } } };

/** The answer to redelivering an endpoint's failed deliveries: how many were reopened. */
export const redeliverySchema = {
  type: 'object',
  properties: { object: { type: 'string' }, endpoint_id: { type: 'string' }, deliveries: { type: 'integer' } },
};
