import { z } from 'zod';
import { WEBHOOK_EVENT_TYPES } from '@app/domain';

const endpointUrl = z
  .string({ required_error: 'is required: the https URL that receives the events', invalid_type_error: 'must be a string' })
  .max(2048, 'must be at most 2048 characters')
  .refine((v) => {
    try {
      const url = new URL(v);
      return ['http:', 'https:'].includes(url.protocol) && !url.username && !url.password;
    } catch {
      return false;
    }
  }, 'must be an absolute http(s) URL without credentials, e.g. https://api.example.com/selgeo-webhooks');

const enabledEvents = z
  .array(z.enum(['*', ...WEBHOOK_EVENT_TYPES], { errorMap: () => ({ message: `must be "*" or one of ${WEBHOOK_EVENT_TYPES.join(', ')}` }) }), {
    invalid_type_error: 'must be a list of event types',
  })
  .min(1, 'must name at least one event type, or "*" for all')
  .transform((list) => (list.includes('*') ? ['*'] : [...new Set(list)].sort()));

const description = z.string({ invalid_type_error: 'must be a string' }).max(500, 'must be at most 500 characters').nullish();

export const createWebhookEndpointSchema = z.object({ url: endpointUrl, description, enabled_events: enabledEvents.default(['*']) }).strict();
export type CreateWebhookEndpointBody = z.output<typeof createWebhookEndpointSchema>;

export const updateWebhookEndpointSchema = z
  .object({
    url: endpointUrl.optional(),
    description,
    enabled_events: enabledEvents.optional(),
    disabled: z.boolean({ invalid_type_error: 'must be true or false' }).optional(),
  })
  .strict();
export type UpdateWebhookEndpointBody = z.output<typeof updateWebhookEndpointSchema>;
