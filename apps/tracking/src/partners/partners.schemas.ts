import { z } from 'zod';

/**
 * A partner's destination, where the hosted redirect sends visitors. Browsers and URL parsers
 * quietly drop CR/LF and tabs and read `\` as `/`, and `user:pass@` can disguise the real host:
 * such URLs are refused, and what is stored is the parsed, normalised form.
 */
const httpUrl = z
  .string({ required_error: 'is required' })
  .trim()
  .max(2048, 'must be at most 2048 characters')
  .superRefine((v, ctx) => {
    const refuse = (message: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, message });
    if ([...v].some(isControlCharacter)) return refuse('must not contain control characters (such as line breaks or tabs)');
    if (v.includes('\\')) return refuse('must not contain backslashes; use / in paths and %5C in queries');
    let url: URL;
    try {
      url = new URL(v);
    } catch {
      return refuse('must be an absolute http(s) URL, e.g. https://shop.example.com/pricing');
    }
    if (!['http:', 'https:'].includes(url.protocol)) return refuse('must be an absolute http(s) URL, e.g. https://shop.example.com/pricing');
    if (url.username || url.password) return refuse('must not contain a user name or password (user:pass@)');
  })
  .transform((v) => new URL(v).toString());

/** C0 controls and DEL: line breaks and the like have no place in a URL a partner's visitors follow. */
function isControlCharacter(ch: string): boolean {
  const code = ch.charCodeAt(0);
  return code < 0x20 || code === 0x7f;
}

export const REFERRAL_TOKEN_PATTERN = /^[a-z0-9][a-z0-9_-]{2,63}$/;

const partnerName = z.string({ required_error: 'is required' }).trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const partnerEmail = z.string().email('must be an email address').max(320).nullish();

export const createPartnerSchema = z.object({ name: partnerName, email: partnerEmail, destination_url: httpUrl }).strict();
export type CreatePartnerBody = z.output<typeof createPartnerSchema>;

/** Where the partner wants to be paid, and their own reference for it; null removes them. */
const payoutEmail = z.string().trim().email('must be an email address').max(320, 'must be at most 320 characters').nullish();
const payoutReference = z
  .string()
  .trim()
  .max(200, 'must be at most 200 characters')
  .nullish()
  // An empty reference is no reference.
  .transform((v) => (v === '' ? null : v));

/** The fields given change; `email: null` removes the email (and `payout_email: null`, `payout_reference: null` theirs). */
export const updatePartnerSchema = z
  .object({
    name: partnerName.optional(),
    email: partnerEmail,
    destination_url: httpUrl.optional(),
    payout_email: payoutEmail,
    payout_reference: payoutReference,
  })
  .strict()
  .refine(
    (body) => Object.values(body).some((v) => v !== undefined),
    'must change at least one of name, email, destination_url, payout_email, payout_reference',
  );
export type UpdatePartnerBody = z.output<typeof updatePartnerSchema>;

export const createReferralTokenSchema = z
  .object({
    token: z
      .string()
      .transform((v) => v.toLowerCase())
      .refine((v) => REFERRAL_TOKEN_PATTERN.test(v), 'must be 3 to 64 letters, digits, - or _, starting with a letter or digit')
      .optional(),
    label: z
      .string({ invalid_type_error: 'must be a text of 1 to 60 characters' })
      .trim()
      .min(1, 'must not be empty')
      .max(60, 'must be at most 60 characters')
      .refine((v) => ![...v].some(isControlCharacter), 'must not contain control characters (such as line breaks or tabs)')
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
