import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { WEBHOOK_EVENT_TYPES } from '@app/domain';
import { registeredRoutes } from '@app/platform';
import { http } from './support/http';
import { REPO_ROOT } from './support/paths';
import { TestSystem } from './support/system';

/**
 * Each service serves an OpenAPI document of every HTTP endpoint it has, and the same document
 * is checked in under docs/openapi/ for merchants to generate clients from. After changing an
 * endpoint: `npm run openapi` rewrites the checked-in files from the running services.
 */
describe('OpenAPI documents', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start({ services: ['tracking', 'webhook-ingest', 'attribution', 'commissions', 'dashboard'] });
  });
  afterAll(() => system?.stop());

  const services = () =>
    [
      ['tracking', system.tracking!, system.urls.tracking],
      ['webhook-ingest', system.ingest!, system.urls.ingest],
      ['attribution', system.attribution!, system.urls.attribution],
      ['commissions', system.commissions!, system.urls.commissions],
      ['dashboard', system.dashboard!, system.urls.dashboard],
    ] as Array<[string, NestFastifyApplication, string]>;

  it.each(['tracking', 'webhook-ingest', 'attribution', 'commissions', 'dashboard'])('%s serves the document checked in at docs/openapi/', async (name) => {
    const [, , url] = services().find(([n]) => n === name)!;
    const served = await http('GET', `${url}/openapi.json`);
    expect(served.status).toBe(200);
    const file = join(REPO_ROOT, 'docs', 'openapi', `${name}.json`);
    if (process.env.OPENAPI_WRITE === '1') writeFileSync(file, `${JSON.stringify(served.body, null, 2)}\n`);
    expect(served.body).toEqual(JSON.parse(readFileSync(file, 'utf8')));
  });

  it.each(['tracking', 'webhook-ingest', 'attribution', 'commissions', 'dashboard'])(
    '%s documents every route it serves, each with a summary and its answers',
    async (name) => {
      const [, app, url] = services().find(([n]) => n === name)!;
      const document = (await http('GET', `${url}/openapi.json`)).body;
      const documented = Object.entries(document.paths as Record<string, Record<string, { summary?: string; responses?: object }>>).flatMap(([path, ops]) =>
        Object.entries(ops).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`, op })),
      );
      // `OPTIONS *` is the CORS preflight that lets browsers call tracking; the dashboard's `GET /*` is its
      // browser app and `/api/:mode/*` the services' own API, documented by each service: none is an endpoint of its own.
      const served = registeredRoutes(app)
        .map((r) => `${r.method} ${r.path}`)
        .filter((r) => r !== 'OPTIONS *' && !(name === 'dashboard' && (r === 'GET /*' || r.endsWith(' /api/:mode/*'))));
      expect(served.length).toBeGreaterThan(2);
      expect(documented.map((d) => d.route).sort()).toEqual([...new Set(served)].sort());
      for (const { route, op } of documented) {
        expect([route, typeof op.summary]).toEqual([route, 'string']);
        expect([route, Object.keys(op.responses ?? {}).length > 0]).toEqual([route, true]);
      }
    },
  );

  it('the Conversion API documents every answer of PRODUCT.md and its body', async () => {
    const document = (await http('GET', `${system.urls.ingest}/openapi.json`)).body;
    const operation = document.paths['/api/v1/conversions'].post;
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '409', '422', '429']));
    const body = operation.requestBody.content['application/json'].schema;
    expect(Object.keys(body.properties).sort()).toEqual([
      'amount_cents',
      'click_id',
      'currency',
      'event_type',
      'external_transaction_id',
      'occurred_at',
      'promo_code',
    ]);
    expect(body.required).toEqual(expect.arrayContaining(['external_transaction_id', 'event_type']));
    expect(operation.security).toEqual([{ secret_key: [] }]);
  });

  it('the Stripe endpoint documents only the answers it gives (it never answers 422), and the Conversion API its 500', async () => {
    const document = (await http('GET', `${system.urls.ingest}/openapi.json`)).body;
    expect(Object.keys(document.paths['/webhooks/stripe'].post.responses).sort()).toEqual(['200', '400', '415', '503']);
    expect(document.paths['/api/v1/conversions'].post.responses['500'].description).toMatch(/retrying .* will not help/i);
  });

  it('webhook endpoints document every event type they can subscribe to, commissions and payouts included', async () => {
    const document = (await http('GET', `${system.urls.attribution}/openapi.json`)).body;
    const body = document.paths['/v1/webhook-endpoints'].post.requestBody.content['application/json'].schema;
    expect(body.properties.enabled_events.items.enum).toEqual(['*', ...WEBHOOK_EVENT_TYPES]);
    expect(WEBHOOK_EVENT_TYPES).toEqual(expect.arrayContaining(['commission.created', 'commission.updated', 'payout.created', 'payout.paid']));
  });

  it('partners can be changed (PATCH), payout details included, and show when they last changed', async () => {
    const document = (await http('GET', `${system.urls.tracking}/openapi.json`)).body;
    const operation = document.paths['/v1/partners/{id}'].patch;
    expect(Object.keys(operation.requestBody.content['application/json'].schema.properties).sort()).toEqual([
      'destination_url',
      'email',
      'name',
      'payout_email',
      'payout_reference',
    ]);
    const partner = operation.responses['200'].content['application/json'].schema.properties;
    expect(partner.updated_at).toEqual({ type: 'string', format: 'date-time' });
    expect(Object.keys(partner)).toEqual(expect.arrayContaining(['payout_email', 'payout_reference']));
  });

  it('referral tokens take a label and show who added them; settings show the partner link limit', async () => {
    const document = (await http('GET', `${system.urls.tracking}/openapi.json`)).body;
    const operation = document.paths['/v1/partners/{id}/referral-tokens'].post;
    expect(Object.keys(operation.requestBody.content['application/json'].schema.properties).sort()).toEqual(['label', 'token']);
    expect(Object.keys(operation.responses['201'].content['application/json'].schema.properties)).toEqual(
      expect.arrayContaining(['label', 'added_by', 'created_at']),
    );
    const settings = document.paths['/v1/settings'].patch;
    expect(Object.keys(settings.requestBody.content['application/json'].schema.properties).sort()).toEqual(['attribution_window_days', 'partner_link_limit']);
  });

  it('conversions and summaries document the referral token filter and grouping', async () => {
    const document = (await http('GET', `${system.urls.attribution}/openapi.json`)).body;
    const names = (path: string) => document.paths[path].get.parameters.map((p: { name: string }) => p.name);
    for (const path of ['/v1/conversions', '/v1/click-summary', '/v1/conversion-summary']) expect(names(path)).toContain('referral_token');
    const groupBy = document.paths['/v1/click-summary'].get.parameters.find((p: { name: string }) => p.name === 'group_by');
    expect(groupBy.schema.enum).toEqual(['day', 'partner', 'referral_token']);
  });
});
