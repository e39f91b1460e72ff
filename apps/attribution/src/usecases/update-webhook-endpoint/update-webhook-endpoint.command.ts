import type { Mode } from '@app/domain';
import type { UpdateWebhookEndpointBody } from '../../webhooks/webhook-endpoint.schemas';

/** A change to a webhook endpoint of the workspace, in the mode of the key that asks; what is absent stays. */
export interface UpdateWebhookEndpointCommand {
  workspaceId: string;
  mode: Mode;
  endpointId: string;
  change: UpdateWebhookEndpointBody;
}
