import { DeliveryAttempt, WebhookDelivery, WebhookEndpoint } from './webhooks.repository';

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
