import { NotFoundException } from '@nestjs/common';
import { DELIVERY_ID, ENDPOINT_ID, inMemoryWebhooks, owner, strangers } from '../testing/in-memory-webhooks';
import { RedeliverFailedWebhooksUseCase } from './redeliver-failed-webhooks.usecase';

describe('RedeliverFailedWebhooksUseCase', () => {
  it("reopens the endpoint's failed deliveries and says how many", async () => {
    const world = inMemoryWebhooks('failed');
    expect(await new RedeliverFailedWebhooksUseCase(world.webhooks, world.fanOut).execute({ ...owner, endpointId: ENDPOINT_ID })).toBe(1);
    expect(world.deliveries.get(DELIVERY_ID)).toMatchObject({ status: 'pending', generation: 2 });
  });

  it('leaves a delivery that succeeded alone', async () => {
    const world = inMemoryWebhooks('succeeded');
    expect(await new RedeliverFailedWebhooksUseCase(world.webhooks, world.fanOut).execute({ ...owner, endpointId: ENDPOINT_ID })).toBe(0);
    expect(world.deliveries.get(DELIVERY_ID)).toMatchObject({ status: 'succeeded', generation: 1 });
  });

  it("answers 404 for another's endpoint", async () => {
    const world = inMemoryWebhooks('failed');
    const useCase = new RedeliverFailedWebhooksUseCase(world.webhooks, world.fanOut);
    for (const account of strangers) await expect(useCase.execute({ ...account, endpointId: ENDPOINT_ID })).rejects.toThrow(NotFoundException);
    expect(world.deliveries.get(DELIVERY_ID)!.status).toBe('failed');
  });
});
