import { BadRequestException, ConflictException } from '@nestjs/common';
import type { AttributionConfig } from '../../config';
import type { WebhookEndpoint, WebhookEndpointsRepository } from '../../webhooks/webhook-endpoints.repository';
import { CreateWebhookEndpointUseCase } from './create-webhook-endpoint.usecase';

function setUp(full = false) {
  const inserted: WebhookEndpoint[] = [];
  const webhooks = {
    transaction: <T>(work: (db: unknown) => Promise<T>) => work({}),
    insertEndpointWithinLimit: (_db: unknown, e: Omit<WebhookEndpoint, 'createdAt' | 'updatedAt'>) => {
      if (full) return Promise.resolve(null);
      const endpoint = { ...e, createdAt: new Date(), updatedAt: new Date() };
      inserted.push(endpoint);
      return Promise.resolve(endpoint);
    },
  } as unknown as WebhookEndpointsRepository;
  const config = { WEBHOOK_ALLOW_LOOPBACK: false } as AttributionConfig;
  return { inserted, useCase: new CreateWebhookEndpointUseCase(webhooks, config) };
}

const endpoint = (url: string) => ({ url, enabled_events: ['*'] as Array<'*'> });

/** The endpoint rules against a stand-in repository: no database. */
describe('CreateWebhookEndpointUseCase', () => {
  it('creates an enabled endpoint of the workspace and mode with a fresh signing secret', async () => {
    const { inserted, useCase } = setUp();
    const created = await useCase.execute({
      workspaceId: 'ws_a',
      mode: 'live',
      endpoint: { ...endpoint('https://hooks.example.com/selgeo'), description: 'CRM' },
    });
    expect(created).toMatchObject({ workspaceId: 'ws_a', mode: 'live', url: 'https://hooks.example.com/selgeo', description: 'CRM', disabled: false });
    expect(created.secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    expect(inserted).toHaveLength(1);
  });

  it('refuses http in live mode, and an address that is not public, as a 400 on the url', async () => {
    const { inserted, useCase } = setUp();
    await expect(useCase.execute({ workspaceId: 'ws_a', mode: 'live', endpoint: endpoint('http://hooks.example.com/') })).rejects.toThrow(BadRequestException);
    await expect(useCase.execute({ workspaceId: 'ws_a', mode: 'test', endpoint: endpoint('http://127.0.0.1:8080/') })).rejects.toThrow(/url: /);
    expect(inserted).toEqual([]);
    await expect(useCase.execute({ workspaceId: 'ws_a', mode: 'test', endpoint: endpoint('http://hooks.example.com/') })).resolves.toBeDefined();
  });

  it('answers 409 when the workspace has the most endpoints allowed in the mode', async () => {
    const { useCase } = setUp(true);
    await expect(useCase.execute({ workspaceId: 'ws_a', mode: 'test', endpoint: endpoint('https://hooks.example.com/') })).rejects.toThrow(ConflictException);
  });
});
