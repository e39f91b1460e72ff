import { http } from './support/http';
import { TestSystem } from './support/system';

/** One error shape on every service, and messages that say what to do: the first calls a newcomer makes. */
describe('error answers', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await TestSystem.start();
  });
  afterAll(async () => system?.stop());

  it('a path sent to the wrong service names the service that serves it', async () => {
    const r = await http('GET', `${system.urls.tracking}/v1/conversions`, { key: system.keys.sk_test });
    expect(r.status).toBe(404);
    expect(r.body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: expect.stringMatching(/^GET \/v1\/conversions is served by the attribution service .*not by tracking$/),
    });

    const partners = await http('POST', `${system.urls.ingest}/v1/partners`, { key: system.keys.sk_test, json: {} });
    expect(partners.body.message).toMatch(/POST \/v1\/partners is served by the tracking service/);
  });

  it('a path no service serves points at the OpenAPI document', async () => {
    const r = await http('GET', `${system.urls.attribution}/v1/nothing-here`);
    expect(r.status).toBe(404);
    expect(r.body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'attribution has no GET /v1/nothing-here; its routes are listed in its OpenAPI document, GET /openapi.json',
    });
  });

  it('a key sent without "Bearer " is told the scheme is missing, not that the key is', async () => {
    const r = await http('GET', `${system.urls.tracking}/v1/partners`, { headers: { authorization: system.keys.sk_test } });
    expect(r.status).toBe(401);
    expect(r.body.error).toBe('Unauthorized');
    expect(r.body.message).toMatch(/lacks the Bearer scheme: send "Authorization: Bearer sk_test_\.\.\."/);
    expect(JSON.stringify(r.body)).not.toContain(system.keys.sk_test);
  });

  it.each([
    ['tracking', '/v1/partners'],
    ['ingest', '/api/v1/conversions'],
    ['attribution', '/v1/webhook-endpoints'],
  ] as const)('malformed JSON on %s answers 400 in the shape of every other error', async (service, path) => {
    const r = await http('POST', `${system.urls[service]}${path}`, {
      key: system.keys.sk_test,
      body: '{"name":',
      headers: { 'content-type': 'application/json' },
    });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.stringMatching(/not valid JSON/) });
  });

  it('an unsupported content type says what to send', async () => {
    const r = await http('POST', `${system.urls.tracking}/v1/partners`, {
      key: system.keys.sk_test,
      body: '<partner/>',
      headers: { 'content-type': 'application/xml' },
    });
    expect(r.status).toBe(415);
    expect(r.body).toEqual({
      statusCode: 415,
      error: 'Unsupported Media Type',
      message: expect.stringMatching(/"application\/xml": send JSON, with the header "content-type: application\/json"/),
    });
  });

  it('an empty POST creates a referral token, and the OpenAPI document says the body is optional', async () => {
    const partner = await http('POST', `${system.urls.tracking}/v1/partners`, {
      key: system.keys.sk_test,
      json: { name: 'Ada', destination_url: 'https://shop.example.com/' },
    });
    const token = await http('POST', `${system.urls.tracking}/v1/partners/${partner.body.id}/referral-tokens`, { key: system.keys.sk_test });
    expect(token.status).toBe(201);
    const openapi = await http('GET', `${system.urls.tracking}/openapi.json`);
    expect(openapi.body.paths['/v1/partners/{id}/referral-tokens'].post.requestBody.required).toBe(false);
    expect(openapi.body.paths['/v1/partners'].post.requestBody.required).toBe(true);
  });
});
