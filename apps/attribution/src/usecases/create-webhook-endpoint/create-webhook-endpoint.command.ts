import type { Mode } from '@app/domain';
import type { CreateWebhookEndpointBody } from '../../webhooks/webhook-endpoint.schemas';

/** A new webhook endpoint of the workspace, in the mode of the key that asks. */
export interface CreateWebhookEndpointCommand {
  workspaceId: string;
  mode: Mode;
  endpoint: CreateWebhookEndpointBody;
}
