import { Mode } from '@app/domain';
import { apiObjectSchema, modeSchema, namedObjectSchema } from '@app/platform';
import { StripeSigningSecretEntity } from './stripe-signing-secrets/stripe-signing-secret.entity';

export function presentSettings(
  workspace: { id: string; name: string },
  mode: Mode,
  settings: { attributionWindowDays: number; partnerLinkLimit: number; updatedAt: Date | null },
) {
  return {
    object: 'settings',
    workspace_id: workspace.id,
    workspace_name: workspace.name,
    mode,
    attribution_window_days: settings.attributionWindowDays,
    partner_link_limit: settings.partnerLinkLimit,
    updated_at: settings.updatedAt?.toISOString() ?? null,
  };
}

/** Never the secret: only its hint, so an operator can tell which one Stripe shows. */
export function presentStripeSigningSecret(secret: StripeSigningSecretEntity, webhookPath: string) {
  return {
    id: secret.id,
    object: 'stripe_signing_secret',
    mode: secret.mode,
    secret_hint: secret.secretHint,
    webhook_path: webhookPath,
    created_at: secret.createdAt.toISOString(),
  };
}

export const settingsSchema = namedObjectSchema('settings', {
  workspace_id: { type: 'string' },
  workspace_name: { type: 'string', description: 'As the operator named it (the dashboard shows it)' },
  mode: modeSchema,
  attribution_window_days: { type: 'integer', minimum: 1, maximum: 365 },
  partner_link_limit: {
    type: 'integer',
    minimum: 0,
    maximum: 100,
    description: 'How many referral links a partner may add themselves (in the partner portal); the merchant may add any number. Default 5',
  },
  updated_at: { type: 'string', format: 'date-time', nullable: true, description: 'null until the mode is first set' },
});

export const stripeSigningSecretSchema = apiObjectSchema('stripe_signing_secret', {
  mode: modeSchema,
  secret_hint: { type: 'string', example: 'whsec_...abcd' },
  webhook_path: { type: 'string', example: '/webhooks/stripe/ws_default', description: "The gateway's path for this workspace" },
  created_at: { type: 'string', format: 'date-time' },
});
