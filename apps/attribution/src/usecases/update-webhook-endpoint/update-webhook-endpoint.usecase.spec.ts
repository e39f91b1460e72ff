import { BadRequestException, NotFoundException } from '@nestjs/common';
import type { AttributionConfig } from '../../config';
import type { WebhookEndpoint, WebhookEndpointsRepository } from '../../webhooks/webhook-endpoints.repository';
import { UpdateWebhookEndpointUseCase } from './update-webhook-endpoint.usecase';

const ID = '7c1e2f3a-0000-4000-8000-0000000000e1';

function setUp() {
  const stored: WebhookEndpoint = {
    id: ID,
    workspaceId: 'ws_a',
    mode: 'live',
    url: 'https://hooks.example.com/old',
    description: null,
    enabledEvents: ['*'],
    disabled: false,
    secret: `whsec_${'0'.repeat(64)}`,
    createdAt: new Date(),
    updatedAt: new Date(),
  };
  const webhooks = {
    findEndpoint: (workspaceId: string, mode: string, id: string) =>
      Promise.resolve(workspaceId === stored.workspaceId && mode === stored.mode && id === stored.id ? { ...stored } : null),
    updateEndpoint: (_w: string, _m: string, _id: string, change: Partial<WebhookEndpoint>) => {
      for (const [k, v] of Object.entries(change)) if (v !== undefined) Object.assign(stored, { [k]: v });
      return Promise.resolve({ ...stored });
    },
  } as unknown as WebhookEndpointsRepository;
  const config = { WEBHOOK_ALLOW_LOOPBACK: false } as AttributionConfig;
  return { stored, useCase: new UpdateWebhookEndpointUseCase(webhooks, config) };
}

describe('UpdateWebhookEndpointUseCase', () => {
  it('changes what the command names and keeps the rest', async () => {
    const { useCase } = setUp();
    const updated = await useCase.execute({
      workspaceId: 'ws_a',
      mode: 'live',
      endpointId: ID,
      change: { url: 'https://hooks.example.com/new', disabled: true },
    });
    expect(updated).toMatchObject({ url: 'https://hooks.example.com/new', disabled: true, description: null, enabledEvents: ['*'] });
  });

  it('refuses a URL that live mode does not take, and changes nothing', async () => {
    const { stored, useCase } = setUp();
    await expect(useCase.execute({ workspaceId: 'ws_a', mode: 'live', endpointId: ID, change: { url: 'http://hooks.example.com/' } })).rejects.toThrow(
      BadRequestException,
    );
    expect(stored.url).toBe('https://hooks.example.com/old');
  });

  it("answers 404 for another workspace's or mode's endpoint", async () => {
    const { useCase } = setUp();
    await expect(useCase.execute({ workspaceId: 'ws_b', mode: 'live', endpointId: ID, change: { disabled: true } })).rejects.toThrow(NotFoundException);
    await expect(useCase.execute({ workspaceId: 'ws_a', mode: 'test', endpointId: ID, change: { disabled: true } })).rejects.toThrow(NotFoundException);
  });
});
