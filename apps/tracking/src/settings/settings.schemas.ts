import { z } from 'zod';

/** The settings given change; the others stay. */
export const updateSettingsSchema = z
  .object({
    attribution_window_days: z
      .number({ invalid_type_error: 'must be a whole number of days' })
      .int('must be a whole number of days')
      .min(1, 'must be between 1 and 365')
      .max(365, 'must be between 1 and 365')
      .optional(),
    partner_link_limit: z
      .number({ invalid_type_error: 'must be a whole number of links' })
      .int('must be a whole number of links')
      .min(0, 'must be between 0 and 100')
      .max(100, 'must be between 0 and 100')
      .optional(),
  })
  .strict()
  .refine((body) => Object.values(body).some((v) => v !== undefined), 'must change at least one of attribution_window_days, partner_link_limit');
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
