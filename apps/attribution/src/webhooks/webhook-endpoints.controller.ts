import { BadRequestException, Body, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiKeyIdentity } from '@app/domain';
import { Account, ApiAnswers, ApiZodBody, DEFAULT_LIST_LIMIT, listOf, ListLimitPipe, SecretKeyController, ZodValidationPipe } from '@app/platform';
import { CreateWebhookEndpointBody, createWebhookEndpointSchema, UpdateWebhookEndpointBody, updateWebhookEndpointSchema } from './webhook-endpoint.schemas';
import { CreateWebhookEndpointUseCase } from '../usecases/create-webhook-endpoint/create-webhook-endpoint.usecase';
import { UpdateWebhookEndpointUseCase } from '../usecases/update-webhook-endpoint/update-webhook-endpoint.usecase';
import { DeleteWebhookEndpointUseCase } from '../usecases/delete-webhook-endpoint/delete-webhook-endpoint.usecase';
import { RedeliverFailedWebhooksUseCase } from '../usecases/redeliver-failed-webhooks/redeliver-failed-webhooks.usecase';
import { RedeliverWebhookUseCase } from '../usecases/redeliver-webhook/redeliver-webhook.usecase';
import { RotateWebhookSecretUseCase } from '../usecases/rotate-webhook-secret/rotate-webhook-secret.usecase';
import { SendTestWebhookUseCase } from '../usecases/send-test-webhook/send-test-webhook.usecase';
import { AccountEndpoint, WebhookEndpointsQuery } from './webhook-endpoints.query';
import { deletedEndpointSchema, presentDelivery, presentEndpoint, redeliverySchema, webhookDeliverySchema, webhookEndpointSchema } from './webhook.presenter';
import { DeliveryStatus } from './webhook-deliveries.repository';
import { ApiOperation, ApiQuery } from '@nestjs/swagger';

const DELIVERY_STATUSES: DeliveryStatus[] = ['pending', 'succeeded', 'failed'];

const endpointOf = (account: ApiKeyIdentity, endpointId: string): AccountEndpoint => ({ workspaceId: account.workspaceId, mode: account.mode, endpointId });

/** Management of outgoing webhooks (secret key): endpoints, their deliveries and every attempt. */
@SecretKeyController('v1', 'webhooks')
export class WebhookEndpointsController {
  constructor(
    private readonly endpoints: WebhookEndpointsQuery,
    private readonly createEndpoint: CreateWebhookEndpointUseCase,
    private readonly updateEndpoint: UpdateWebhookEndpointUseCase,
    private readonly rotateEndpointSecret: RotateWebhookSecretUseCase,
    private readonly deleteEndpoint: DeleteWebhookEndpointUseCase,
    private readonly sendTestWebhook: SendTestWebhookUseCase,
    private readonly redeliverWebhook: RedeliverWebhookUseCase,
    private readonly redeliverFailedWebhooks: RedeliverFailedWebhooksUseCase,
  ) {}

  @Post('webhook-endpoints')
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a webhook endpoint (at most 10 per workspace and mode; live ones must be https)' })
  @ApiZodBody(createWebhookEndpointSchema)
  @ApiAnswers({ status: 201, description: 'The endpoint, with its signing secret (shown this once)', schema: webhookEndpointSchema }, 400, 401, 403, {
    status: 409,
    description: 'The workspace already has 10 endpoints in this mode',
  })
  async create(@Account() account: ApiKeyIdentity, @Body(new ZodValidationPipe(createWebhookEndpointSchema)) body: CreateWebhookEndpointBody) {
    return presentEndpoint(await this.createEndpoint.execute({ workspaceId: account.workspaceId, mode: account.mode, endpoint: body }), { withSecret: true });
  }

  @Get('webhook-endpoints')
  @ApiOperation({ summary: 'List webhook endpoints' })
  @ApiAnswers({ status: 200, description: 'The endpoints (without secrets)', schema: listOf(webhookEndpointSchema) }, 401, 403)
  async list(@Account() account: ApiKeyIdentity) {
    return { object: 'list', data: (await this.endpoints.list(account)).map((e) => presentEndpoint(e)), has_more: false };
  }

  @Get('webhook-endpoints/:id')
  @ApiOperation({ summary: 'One webhook endpoint' })
  @ApiAnswers({ status: 200, description: 'The endpoint (without its secret)', schema: webhookEndpointSchema }, 401, 403, 404)
  async get(@Account() account: ApiKeyIdentity, @Param('id') id: string) {
    return presentEndpoint(await this.endpoints.get(account, id));
  }

  @Patch('webhook-endpoints/:id')
  @ApiOperation({ summary: 'Change the URL, description, event types, or disable / enable' })
  @ApiZodBody(updateWebhookEndpointSchema)
  @ApiAnswers({ status: 200, description: 'The endpoint', schema: webhookEndpointSchema }, 400, 401, 403, 404)
  async update(
    @Account() account: ApiKeyIdentity,
    @Param('id') id: string,
    @Body(new ZodValidationPipe(updateWebhookEndpointSchema)) body: UpdateWebhookEndpointBody,
  ) {
    return presentEndpoint(await this.updateEndpoint.execute({ workspaceId: account.workspaceId, mode: account.mode, endpointId: id, change: body }));
  }

  @Post('webhook-endpoints/:id/rotate-secret')
  @ApiOperation({ summary: 'Replace the signing secret; the old one stops at once' })
  @ApiAnswers({ status: 200, description: 'The endpoint with its new secret', schema: webhookEndpointSchema }, 401, 403, 404)
  @HttpCode(200)
  async rotateSecret(@Account() account: ApiKeyIdentity, @Param('id') id: string) {
    return presentEndpoint(await this.rotateEndpointSecret.execute(endpointOf(account, id)), { withSecret: true });
  }

  @Delete('webhook-endpoints/:id')
  @ApiOperation({ summary: 'Delete an endpoint, with its deliveries' })
  @ApiAnswers({ status: 200, description: 'Deleted', schema: deletedEndpointSchema }, 401, 403, 404)
  async delete(@Account() account: ApiKeyIdentity, @Param('id') id: string) {
    await this.deleteEndpoint.execute(endpointOf(account, id));
    return { id, object: 'webhook_endpoint', deleted: true };
  }

  @Post('webhook-endpoints/:id/test')
  @ApiOperation({ summary: 'Send a webhook.test ping, delivered and retried like any event' })
  @ApiAnswers({ status: 202, description: 'The delivery, pending', schema: webhookDeliverySchema }, 401, 403, 404)
  @HttpCode(202)
  async sendTest(@Account() account: ApiKeyIdentity, @Param('id') id: string) {
    return presentDelivery(await this.sendTestWebhook.execute(endpointOf(account, id)), []);
  }

  @Get('webhook-endpoints/:id/deliveries')
  @ApiOperation({ summary: "An endpoint's deliveries, newest first, each with every attempt" })
  @ApiQuery({ name: 'status', required: false, enum: DELIVERY_STATUSES })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 100, default: 50 } })
  @ApiAnswers({ status: 200, description: 'A page of deliveries', schema: listOf(webhookDeliverySchema) }, 400, 401, 403, 404)
  // `status` stays an optional string parameter (its metadata orders the document's parameters); the pipe always gives `take`.
  async deliveries(
    @Account() account: ApiKeyIdentity,
    @Param('id') id: string,
    @Query('status') status?: string,
    @Query('limit', ListLimitPipe) take = DEFAULT_LIST_LIMIT,
  ) {
    if (status !== undefined && !DELIVERY_STATUSES.includes(status as DeliveryStatus))
      throw new BadRequestException(`status must be one of ${DELIVERY_STATUSES.join(', ')}`);
    const page = await this.endpoints.listDeliveries(account, id, { status: status as DeliveryStatus | undefined, limit: take });
    return { object: 'list', data: page.deliveries.map((d) => presentDelivery(d, page.attempts.get(d.id)!)), has_more: page.deliveries.length === take };
  }

  @Post('webhook-endpoints/:id/redeliver-failed')
  @ApiOperation({ summary: 'A new round of attempts for every failed delivery of the endpoint' })
  @ApiAnswers({ status: 202, description: 'How many deliveries were reopened', schema: redeliverySchema }, 401, 403, 404)
  @HttpCode(202)
  async redeliverFailed(@Account() account: ApiKeyIdentity, @Param('id') id: string) {
    return { object: 'redelivery', endpoint_id: id, deliveries: await this.redeliverFailedWebhooks.execute(endpointOf(account, id)) };
  }

  @Get('webhook-deliveries/:id')
  @ApiOperation({ summary: 'One delivery with every attempt' })
  @ApiAnswers({ status: 200, description: 'The delivery', schema: webhookDeliverySchema }, 401, 403, 404)
  async delivery(@Account() account: ApiKeyIdentity, @Param('id') id: string) {
    const { delivery, attempts } = await this.endpoints.getDelivery(account, id);
    return presentDelivery(delivery, attempts);
  }

  @Post('webhook-deliveries/:id/redeliver')
  @ApiOperation({ summary: 'A new round of attempts for a delivery that succeeded or failed' })
  @ApiAnswers({ status: 202, description: 'The delivery, pending again', schema: webhookDeliverySchema }, 401, 403, 404, {
    status: 409,
    description: 'The delivery is still pending',
  })
  @HttpCode(202)
  async redeliver(@Account() account: ApiKeyIdentity, @Param('id') id: string) {
    const { delivery, attempts } = await this.redeliverWebhook.execute({ workspaceId: account.workspaceId, mode: account.mode, deliveryId: id });
    return presentDelivery(delivery, attempts);
  }
}
