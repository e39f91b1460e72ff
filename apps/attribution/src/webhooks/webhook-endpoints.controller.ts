import { BadRequestException, Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiKeyIdentity } from '@app/domain';
import { Account, ApiKeyGuard, RequiresKey, ZodValidationPipe } from '@app/platform';
import { CreateWebhookEndpointBody, createWebhookEndpointSchema, UpdateWebhookEndpointBody, updateWebhookEndpointSchema } from './webhook-endpoint.schemas';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { presentDelivery, presentEndpoint } from './webhook.presenter';
import { DeliveryStatus } from './webhooks.repository';

const DELIVERY_STATUSES: DeliveryStatus[] = ['pending', 'succeeded', 'failed'];

/** Management of outgoing webhooks (secret key): endpoints, their deliveries and every attempt. */
@Controller('v1')
@UseGuards(ApiKeyGuard)
@RequiresKey('secret')
export class WebhookEndpointsController {
  constructor(@Inject(WebhookEndpointsService) private readonly endpoints: WebhookEndpointsService) {}

  @Post('webhook-endpoints')
  @HttpCode(201)
  async create(@Account() account: ApiKeyIdentity, @Body(new ZodValidationPipe(createWebhookEndpointSchema)) body: CreateWebhookEndpointBody) {
    return presentEndpoint(await this.endpoints.create(account, body), { withSecret: true });
  }

  @Get('webhook-endpoints')
  async list(@Account() account: ApiKeyIdentity) {
    return { object: 'list', data: (await this.endpoints.list(account)).map((e) => presentEndpoint(e)), has_more: false };
  }

  @Get('webhook-endpoints/:id')
  async get(@Account() account: ApiKeyIdentity, @Param('id') id: string) {
    return presentEndpoint(await this.endpoints.get(account, id));
  }

  @Patch('webhook-endpoints/:id')
  async update(@Account() account: ApiKeyIdentity, @Param('id') id: string, @Body(new ZodValidationPipe(updateWebhookEndpointSchema)) body: UpdateWebhookEndpointBody) {
    return presentEndpoint(await this.endpoints.update(account, id, body));
  }

  @Post('webhook-endpoints/:id/rotate-secret')
  @HttpCode(200)
  async rotateSecret(@Account() account: ApiKeyIdentity, @Param('id') id: string) {
    return presentEndpoint(await this.endpoints.rotateSecret(account, id), { withSecret: true });
  }

  @Delete('webhook-endpoints/:id')
  async delete(@Account() account: ApiKeyIdentity, @Param('id') id: string) {
    await this.endpoints.delete(account, id);
    return { id, object: 'webhook_endpoint', deleted: true };
  }

  @Post('webhook-endpoints/:id/test')
  @HttpCode(202)
  async sendTest(@Account() account: ApiKeyIdentity, @Param('id') id: string) {
    return presentDelivery(await this.endpoints.sendTest(account, id), []);
  }

  @Get('webhook-endpoints/:id/deliveries')
  async deliveries(@Account() account: ApiKeyIdentity, @Param('id') id: string, @Query('status') status?: string, @Query('limit') limit?: string) {
    const take = limit === undefined ? 50 : Number(limit);
    if (!Number.isInteger(take) || take < 1 || take > 100) throw new BadRequestException('limit must be a whole number from 1 to 100');
    if (status !== undefined && !DELIVERY_STATUSES.includes(status as DeliveryStatus)) throw new BadRequestException(`status must be one of ${DELIVERY_STATUSES.join(', ')}`);
    const page = await this.endpoints.listDeliveries(account, id, { status: status as DeliveryStatus | undefined, limit: take });
    return { object: 'list', data: page.deliveries.map((d) => presentDelivery(d, page.attempts.get(d.id)!)), has_more: page.deliveries.length === take };
  }

  @Post('webhook-endpoints/:id/redeliver-failed')
  @HttpCode(202)
  async redeliverFailed(@Account() account: ApiKeyIdentity, @Param('id') id: string) {
    return { object: 'redelivery', endpoint_id: id, deliveries: await this.endpoints.redeliverFailed(account, id) };
  }

  @Get('webhook-deliveries/:id')
  async delivery(@Account() account: ApiKeyIdentity, @Param('id') id: string) {
    const { delivery, attempts } = await this.endpoints.getDelivery(account, id);
    return presentDelivery(delivery, attempts);
  }

  @Post('webhook-deliveries/:id/redeliver')
  @HttpCode(202)
  async redeliver(@Account() account: ApiKeyIdentity, @Param('id') id: string) {
    const { delivery, attempts } = await this.endpoints.redeliver(account, id);
    return presentDelivery(delivery, attempts);
  }
}
