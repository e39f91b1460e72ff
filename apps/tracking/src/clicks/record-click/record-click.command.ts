import { z } from 'zod';
import type { ApiKeyIdentity } from '@app/domain';

const optionalText = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .nullish()
    .transform((v) => v || null);

/** The body the snippet posts to `POST /v1/clicks`. */
export const registerClickSchema = z.object({
  token: z
    .string({ required_error: 'is required (the ?ref= value of the referral link)' })
    .trim()
    .min(1, 'must not be empty')
    .max(64, 'must be at most 64 characters'),
  /** The key may travel in the body so browsers need no CORS preflight; the guard reads it. */
  publishable_key: z.string().optional(),
  landing_url: optionalText(2048),
  referrer: optionalText(2048),
});
export type RegisterClickBody = z.output<typeof registerClickSchema>;

export interface RecordClickCommand {
  token: string;
  /** The key that registered the click; absent for the hosted redirect, where the token decides. */
  account: ApiKeyIdentity | null;
  source: 'snippet' | 'redirect';
  landingUrl: string | null;
  referrer: string | null;
  userAgent: string | null;
}
