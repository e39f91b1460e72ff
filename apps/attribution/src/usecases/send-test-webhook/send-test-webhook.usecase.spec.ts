import { NotFoundException } from '@nestjs/common';
import { ENDPOINT_ID, inMemoryWebhooks, owner, strangers } from '../testing/in-memory-webhooks';
import { SendTestWebhookUseCase } from './send-test-webhook.usecase';

describe('SendTestWebhookUseCase', () => {
  it("hands the account's endpoint to the fan-out and answers with the pending delivery", async () => {
    const world = inMemoryWebhooks();
    const delivery = await new SendTestWebhookUseCase(world.webhooks, world.fanOut).execute({ ...owner, endpointId: ENDPOINT_ID });
    expect(delivery).toMatchObject({ eventType: 'webhook.test', status: 'pending' });
    expect(world.tests.map((e) => e.id)).toEqual([ENDPOINT_ID]);
  });

  it("answers 404 for another's endpoint and sends nothing", async () => {
    const world = inMemoryWebhooks();
    const useCase = new SendTestWebhookUseCase(world.webhooks, world.fanOut);
    for (const account of strangers) await expect(useCase.execute({ ...account, endpointId: ENDPOINT_ID })).rejects.toThrow(NotFoundException);
    expect(world.tests).toEqual([]);
  });
});
