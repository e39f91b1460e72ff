import { ConflictException, NotFoundException } from '@nestjs/common';
import { WebhookEndpointsQuery } from '../../webhooks/webhook-endpoints.query';
import { DELIVERY_ID, inMemoryWebhooks, owner, strangers } from '../testing/in-memory-webhooks';
import { RedeliverWebhookUseCase } from './redeliver-webhook.usecase';

function setUp(status: 'failed' | 'succeeded' | 'pending') {
  const world = inMemoryWebhooks(status);
  return { world, useCase: new RedeliverWebhookUseCase(new WebhookEndpointsQuery(world.webhooks, world.deliveryRecords), world.fanOut) };
}

describe('RedeliverWebhookUseCase', () => {
  it.each(['failed', 'succeeded'] as const)('puts a %s delivery back to pending in a new round and answers with it and its attempts', async (status) => {
    const { useCase } = setUp(status);
    const { delivery, attempts } = await useCase.execute({ ...owner, deliveryId: DELIVERY_ID });
    expect(delivery).toMatchObject({ id: DELIVERY_ID, status: 'pending', generation: 2, attempts: 0 });
    expect(attempts).toHaveLength(1);
  });

  it('answers 409 for a delivery still pending, naming why', async () => {
    const { world, useCase } = setUp('pending');
    await expect(useCase.execute({ ...owner, deliveryId: DELIVERY_ID })).rejects.toThrow(
      new ConflictException(`Delivery ${DELIVERY_ID} is still pending: it is being retried on its schedule`),
    );
    expect(world.deliveries.get(DELIVERY_ID)!.generation).toBe(1);
  });

  it("answers 404 for another's delivery", async () => {
    const { world, useCase } = setUp('failed');
    for (const account of strangers) await expect(useCase.execute({ ...account, deliveryId: DELIVERY_ID })).rejects.toThrow(NotFoundException);
    expect(world.deliveries.get(DELIVERY_ID)!.status).toBe('failed');
  });
});
