import { Body, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { ApiKeyIdentity } from '@app/domain';
import { Account, SecretKeyController, ApiAnswers, ApiZodBody, listOf, ZodValidationPipe } from '@app/platform';
import { presentStripeSigningSecret, stripeSigningSecretSchema } from '../settings.presenter';
import { AddStripeSigningSecretBody, addStripeSigningSecretSchema } from '../settings.schemas';
import { AddStripeSigningSecretUseCase } from './add-stripe-signing-secret/add-stripe-signing-secret.usecase';
import { RemoveStripeSigningSecretUseCase } from './remove-stripe-signing-secret/remove-stripe-signing-secret.usecase';
import { StripeSigningSecretsQuery } from './stripe-signing-secrets.query';

const webhookPath = (account: ApiKeyIdentity) => `/webhooks/stripe/${account.workspaceId}`;

/**
 * The signing secrets of the workspace's own Stripe webhook endpoint, `/webhooks/stripe/{workspace_id}`
 * on the gateway (secret key; a key's mode owns the secrets it sets).
 */
@SecretKeyController('v1/stripe/signing-secrets', 'stripe')
export class StripeSigningSecretsController {
  constructor(
    private readonly secrets: StripeSigningSecretsQuery,
    private readonly addSecret: AddStripeSigningSecretUseCase,
    private readonly removeSecret: RemoveStripeSigningSecretUseCase,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: "Add a Stripe signing secret for the workspace's webhook endpoint, in the mode of the key",
    description:
      'Copy the whsec_... secret from the Stripe endpoint that points at /webhooks/stripe/{workspace_id}. It verifies only events of the ' +
      "key's mode (livemode). To rotate, add the new secret, roll it in Stripe, then remove the old one: both verify in between. " +
      'The secret is stored sealed and never shown again, only its hint.',
  })
  @ApiZodBody(addStripeSigningSecretSchema)
  @ApiAnswers({ status: 201, description: 'The secret (its hint only)', schema: stripeSigningSecretSchema }, 400, 401, 403, {
    status: 409,
    description: 'Already set, or the mode has 5 secrets',
  })
  async add(@Account() account: ApiKeyIdentity, @Body(new ZodValidationPipe(addStripeSigningSecretSchema)) body: AddStripeSigningSecretBody) {
    return presentStripeSigningSecret(await this.addSecret.execute({ account, secret: body.secret }), webhookPath(account));
  }

  @Get()
  @ApiOperation({ summary: 'The active Stripe signing secrets of the mode of the key, oldest first (hints only)' })
  @ApiAnswers({ status: 200, description: 'The secrets', schema: listOf(stripeSigningSecretSchema) }, 401, 403)
  async list(@Account() account: ApiKeyIdentity) {
    return { object: 'list', data: (await this.secrets.list(account)).map((s) => presentStripeSigningSecret(s, webhookPath(account))) };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a Stripe signing secret: events signed only with it are refused from now on' })
  @ApiAnswers({ status: 204, description: 'Removed' }, 401, 403, 404)
  async remove(@Account() account: ApiKeyIdentity, @Param('id') id: string) {
    await this.removeSecret.execute({ account, secretId: id });
  }
}
