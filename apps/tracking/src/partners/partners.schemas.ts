import { z } from 'zod';

const httpUrl = z
  .string({ required_error: 'is required' })
  .max(2048, 'must be at most 2048 characters')
  .refine((v) => {
    try {
      return ['http:', 'https:'].includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, 'must be an absolute http(s) URL, e.g. https://shop.example.com/pricing');

export const REFERRAL_TOKEN_PATTERN = /^[a-z0-9][a-z0-9_-]{2,63}$/;

export const createPartnerSchema = z
  .object({
    name: z.string({ required_error: 'is required' }).trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
    email: z.string().email('must be an email address').max(320).nullish(),
    destination_url: httpUrl,
  })
  .strict();
export type CreatePartnerBody = z.output<typeof createPartnerSchema>;

export const createReferralTokenSchema = z
  .object({
    token: z
      .string()
      .transform((v) => v.toLowerCase())
      .refine((v) => REFERRAL_TOKEN_PATTERN.test(v), 'must be 3 to 64 letters, digits, - or _, starting with a letter or digit')
      .optional(),
  })
  .strict();

export const createPromoCodeSchema = z
  .object({
    code: z
      .string({ required_error: 'is required' })
      .transform((v) => v.trim().toUpperCase())
      .refine((v) => /^[A-Z0-9][A-Z0-9_-]{1,63}$/.test(v), 'must be 2 to 64 letters, digits, - or _'),
  })
  .strict();
