import { z } from 'zod';
import { commonEnv, secretsEnv, envHelpers, loadConfig } from '@app/config';

export const webhookIngestEnv = z.object({
  ...commonEnv,
  ...secretsEnv,
  WEBHOOK_INGEST_PORT: envHelpers.port(3002),
  /**
   * The default workspace's Stripe webhook signing secrets, comma-separated. Several may be active
   * at once so a secret can be rolled without losing events.
   */
  STRIPE_WEBHOOK_SECRETS: z
    .string({ required_error: 'is required: the whsec_... signing secret(s) of your Stripe webhook endpoint, comma-separated' })
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .refine((list) => list.length > 0, 'must name at least one signing secret')
    .refine(
      (list) => list.every((s) => /^whsec_[A-Za-z0-9+/=_-]{8,}$/.test(s)),
      'every secret must start with whsec_ (copy it from the Stripe dashboard or `stripe listen`)',
    ),
  /** Conversion API calls per minute per secret key (per replica). */
  CONVERSION_API_RATE_LIMIT_PER_MINUTE: envHelpers.positiveInt(6000),
  /** How long a Conversion API call waits for attribution's decision before answering 503. */
  CONVERSION_API_TIMEOUT_MS: envHelpers.positiveInt(10_000, 60_000),
  /** How old a signature may be, as in Stripe's own libraries. */
  STRIPE_WEBHOOK_TOLERANCE_SECONDS: envHelpers.positiveInt(300, 3600),
});

export type WebhookIngestConfig = z.output<typeof webhookIngestEnv>;

export function loadWebhookIngestConfig(env: NodeJS.ProcessEnv = process.env): WebhookIngestConfig {
  return loadConfig(webhookIngestEnv, env);
}

export const WEBHOOK_INGEST_CONFIG = Symbol('WEBHOOK_INGEST_CONFIG');
