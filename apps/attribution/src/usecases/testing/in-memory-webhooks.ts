import type { Mode } from '@app/domain';
import type { DeliveryAttempt, DeliveryStatus, WebhookDelivery } from '../../webhooks/webhook-deliveries.repository';
import type { WebhookEndpoint } from '../../webhooks/webhook-endpoints.repository';

export const ENDPOINT_ID = '7c1e2f3a-0000-4000-8000-0000000000e1';
export const DELIVERY_ID = '7c1e2f3a-0000-4000-8000-0000000000d1';
/** The account that owns the endpoint, and the two that do not (another workspace, the other mode). */
export const owner = { workspaceId: 'ws_a', mode: 'live' as Mode };
export const strangers = [
  { workspaceId: 'ws_b', mode: 'live' as Mode },
  { workspaceId: 'ws_a', mode: 'test' as Mode },
];

/**
 * One live endpoint of `ws_a` with one delivery, and in-memory stand-ins for the endpoints'
 * repository, the deliveries' repository and the fan-out, so the webhook use cases are tested
 * without PostgreSQL or NATS. Rows are read as copies, as from the database.
 */
export function inMemoryWebhooks(deliveryStatus: DeliveryStatus = 'failed') {
  const now = new Date();
  const endpoints = new Map<string, WebhookEndpoint>([
    [
      ENDPOINT_ID,
      {
        id: ENDPOINT_ID,
        ...owner,
        url: 'https://hooks.example.com/',
        description: null,
        enabledEvents: ['*'],
        disabled: false,
        secret: `whsec_${'0'.repeat(64)}`,
        createdAt: now,
        updatedAt: now,
      },
    ],
  ]);
  const delivery: WebhookDelivery = {
    id: DELIVERY_ID,
    endpointId: ENDPOINT_ID,
    ...owner,
    eventId: 'evt_1',
    eventType: 'conversion.created',
    body: '{}',
    status: deliveryStatus,
    generation: 1,
    attempts: 3,
    nextAttemptAt: now,
    lastStatusCode: 500,
    lastError: null,
    createdAt: now,
    completedAt: now,
  };
  const attempts: DeliveryAttempt[] = [{ deliveryId: DELIVERY_ID, attemptedAt: now, durationMs: 12, statusCode: 500, error: null, responseExcerpt: 'oops' }];
  const attemptsOf = (deliveryId: string) => attempts.filter((a) => a.deliveryId === deliveryId);
  const deliveries = new Map([[DELIVERY_ID, delivery]]);
  const tests: WebhookEndpoint[] = [];
  const own = (row: { workspaceId: string; mode: Mode } | undefined, workspaceId: string, mode: Mode) => row?.workspaceId === workspaceId && row.mode === mode;

  const webhooks = {
    listEndpoints: (workspaceId: string, mode: Mode) =>
      Promise.resolve([...endpoints.values()].filter((e) => own(e, workspaceId, mode)).map((e) => ({ ...e }))),
    findEndpoint: (workspaceId: string, mode: Mode, id: string) =>
      Promise.resolve(own(endpoints.get(id), workspaceId, mode) ? { ...endpoints.get(id)! } : null),
    // Scoped to the account, like the SQL's WHERE: another account's endpoint is no row.
    updateEndpoint: (workspaceId: string, mode: Mode, id: string, change: Partial<WebhookEndpoint>) =>
      Promise.resolve(own(endpoints.get(id), workspaceId, mode) ? { ...Object.assign(endpoints.get(id)!, change, { updatedAt: new Date() }) } : null),
    deleteEndpoint: (workspaceId: string, mode: Mode, id: string) => Promise.resolve(own(endpoints.get(id), workspaceId, mode) && endpoints.delete(id)),
  };
  const deliveryRecords = {
    findDelivery: (workspaceId: string, mode: Mode, id: string) =>
      Promise.resolve(own(deliveries.get(id), workspaceId, mode) ? { delivery: { ...deliveries.get(id)! }, attempts: attemptsOf(id) } : null),
    listDeliveries: (endpointId: string, options: { status?: DeliveryStatus; limit: number }) => {
      const page = [...deliveries.values()]
        .filter((d) => d.endpointId === endpointId && (!options.status || d.status === options.status))
        .slice(0, options.limit);
      return Promise.resolve({ deliveries: page, attempts: new Map(page.map((d) => [d.id, attemptsOf(d.id)])) });
    },
  };
  const fanOut = {
    sendTest: (endpoint: WebhookEndpoint): Promise<WebhookDelivery> => {
      tests.push(endpoint);
      return Promise.resolve({ ...delivery, id: 'test-delivery', eventType: 'webhook.test', status: 'pending' });
    },
    /** As the SQL: finished deliveries of the account matching the filter go back to pending, in a new generation. */
    reopen: (filter: { workspaceId: string; mode: Mode; deliveryId?: string; endpointId?: string; status?: DeliveryStatus }) => {
      const matching = [...deliveries.values()].filter(
        (d) =>
          own(d, filter.workspaceId, filter.mode) &&
          d.status !== 'pending' &&
          (!filter.deliveryId || d.id === filter.deliveryId) &&
          (!filter.endpointId || d.endpointId === filter.endpointId) &&
          (!filter.status || d.status === filter.status),
      );
      for (const d of matching) Object.assign(d, { status: 'pending', generation: d.generation + 1, attempts: 0, completedAt: null });
      return Promise.resolve(matching.length);
    },
  };
  return { endpoints, deliveries, tests, webhooks, deliveryRecords, fanOut };
}
