import { NotFoundException } from '@nestjs/common';
import { ENDPOINT_ID, inMemoryWebhooks, owner, strangers } from '../testing/in-memory-webhooks';
import { DeleteWebhookEndpointUseCase } from './delete-webhook-endpoint.usecase';

describe('DeleteWebhookEndpointUseCase', () => {
  it("deletes the account's endpoint", async () => {
    const world = inMemoryWebhooks();
    await new DeleteWebhookEndpointUseCase(world.webhooks).execute({ ...owner, endpointId: ENDPOINT_ID });
    expect(world.endpoints.size).toBe(0);
  });

  it("answers 404 for another's endpoint and for an id that names none, and deletes nothing", async () => {
    const world = inMemoryWebhooks();
    const useCase = new DeleteWebhookEndpointUseCase(world.webhooks);
    for (const account of strangers) await expect(useCase.execute({ ...account, endpointId: ENDPOINT_ID })).rejects.toThrow(NotFoundException);
    await expect(useCase.execute({ ...owner, endpointId: 'we_not_a_uuid' })).rejects.toThrow(NotFoundException);
    expect(world.endpoints.size).toBe(1);
  });
});
