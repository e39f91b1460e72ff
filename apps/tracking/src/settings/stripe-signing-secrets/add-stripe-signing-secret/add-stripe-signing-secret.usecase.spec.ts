import { randomBytes } from 'node:crypto';
import { ConflictException } from '@nestjs/common';
import { ApiKeyIdentity } from '@app/domain';
import { SecretBox } from '@app/platform';
import { inMemoryStripeSecrets } from '../testing/in-memory-stripe-secrets';
import { AddStripeSigningSecretUseCase, MAX_ACTIVE_STRIPE_SECRETS, stripeSecretHint } from './add-stripe-signing-secret.usecase';

const test: ApiKeyIdentity = { workspaceId: 'ws_acme', mode: 'test', kind: 'secret' };
const live: ApiKeyIdentity = { ...test, mode: 'live' };
const secret = (n: number) => `whsec_${String(n).padStart(32, '0')}`;

function setUp() {
  const world = inMemoryStripeSecrets();
  const box = new SecretBox(randomBytes(32));
  return { world, box, useCase: new AddStripeSigningSecretUseCase(world.settings, box, world.directory) };
}

describe('stripeSecretHint', () => {
  it('shows the prefix and the last four characters, nothing to sign with', () => {
    expect(stripeSecretHint('whsec_abcdefghijklmnopqrstuvwxyz0123')).toBe('whsec_...0123');
  });
});

describe('AddStripeSigningSecretUseCase', () => {
  it("stores the secret sealed in the key's mode and gives the gateway every mode's secrets", async () => {
    const { world, box, useCase } = setUp();
    await useCase.execute({ account: live, secret: secret(1) });
    const added = await useCase.execute({ account: test, secret: secret(2) });
    expect(added).toMatchObject({ workspaceId: 'ws_acme', mode: 'test', secretHint: 'whsec_...0002' });
    expect(added.secretSealed).not.toContain(secret(2));
    expect(box.open(added.secretSealed)).toBe(secret(2));
    expect(world.copy.get('ws_acme')?.map((s) => [s.mode, box.open(s.sealed)])).toEqual([
      ['live', secret(1)],
      ['test', secret(2)],
    ]);
  });

  it('refuses a secret the mode already has (409), though the other mode may have it', async () => {
    const { world, useCase } = setUp();
    await useCase.execute({ account: test, secret: secret(1) });
    await expect(useCase.execute({ account: test, secret: secret(1) })).rejects.toThrow(new ConflictException('This Stripe signing secret is already set'));
    await useCase.execute({ account: live, secret: secret(1) });
    expect(world.rows.map((r) => r.mode)).toEqual(['test', 'live']);
  });

  it(`refuses a ${MAX_ACTIVE_STRIPE_SECRETS + 1}th secret in a mode (409, naming what to do)`, async () => {
    const { world, useCase } = setUp();
    for (let n = 1; n <= MAX_ACTIVE_STRIPE_SECRETS; n++) await useCase.execute({ account: test, secret: secret(n) });
    await expect(useCase.execute({ account: test, secret: secret(99) })).rejects.toThrow(/remove one that Stripe no longer uses first/);
    expect(world.rows).toHaveLength(MAX_ACTIVE_STRIPE_SECRETS);
  });

  it('adds nothing when the gateway cannot be told', async () => {
    const { world, useCase } = setUp();
    world.state.failPublish = true;
    await expect(useCase.execute({ account: test, secret: secret(1) })).rejects.toThrow('NATS is down');
    expect(world.rows).toEqual([]);
  });
});
