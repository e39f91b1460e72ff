import { z } from 'zod';

export const updateSettingsSchema = z
  .object({
    attribution_window_days: z
      .number({ required_error: 'is required', invalid_type_error: 'must be a whole number of days' })
      .int('must be a whole number of days')
      .min(1, 'must be between 1 and 365')
      .max(365, 'must be between 1 and 365'),
  })
  .strict();
export type UpdateSettingsBody = z.output<typeof updateSettingsSchema>;

export const addStripeSigningSecretSchema = z
  .object({
    secret: z
      .string({ required_error: 'is required: the whsec_... signing secret Stripe shows for this endpoint' })
      .trim()
      .regex(/^whsec_[A-Za-z0-9+/=_-]{8,200}$/, 'must be a whsec_... signing secret (copy it from the Stripe dashboard or `stripe listen`)'),
  })
  .strict();
export type AddStripeSigningSecretBody = z.output<typeof addStripeSigningSecretSchema>;
