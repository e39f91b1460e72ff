import { NotFoundException } from '@nestjs/common';
import { ENDPOINT_ID, inMemoryWebhooks, owner, strangers } from '../testing/in-memory-webhooks';
import { RotateWebhookSecretUseCase } from './rotate-webhook-secret.usecase';

describe('RotateWebhookSecretUseCase', () => {
  it('gives the endpoint a new secret and stores it, so the next attempt signs with it', async () => {
    const world = inMemoryWebhooks();
    const before = world.endpoints.get(ENDPOINT_ID)!.secret;
    const rotated = await new RotateWebhookSecretUseCase(world.webhooks).execute({ ...owner, endpointId: ENDPOINT_ID });
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(before);
    expect(world.endpoints.get(ENDPOINT_ID)!.secret).toBe(rotated.secret);
  });

  it("answers 404 for another workspace's or mode's endpoint, and keeps its secret", async () => {
    const world = inMemoryWebhooks();
    const before = world.endpoints.get(ENDPOINT_ID)!.secret;
    for (const account of strangers) {
      await expect(new RotateWebhookSecretUseCase(world.webhooks).execute({ ...account, endpointId: ENDPOINT_ID })).rejects.toThrow(NotFoundException);
    }
    expect(world.endpoints.get(ENDPOINT_ID)!.secret).toBe(before);
  });
});
