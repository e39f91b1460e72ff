import { z } from 'zod';
import { MODES } from '@app/domain';
import { emailSchema } from '../sessions/auth.schemas';

const required = { required_error: 'is required' };
const token = z.string(required).trim().min(1, 'is required').max(200);
const password = z.string(required).max(1024);

export const invitePartnerSchema = z
  .object({
    partner_id: z.string(required).uuid('must be a partner id (a UUID)'),
    mode: z.enum(MODES, { message: 'must be test or live' }),
  })
  .strict();
export type InvitePartnerBody = z.output<typeof invitePartnerSchema>;

export const inspectInvitationSchema = z.object({ token }).strict();

export const acceptInvitationSchema = z.object({ token, email: emailSchema, password }).strict();
export type AcceptInvitationBody = z.output<typeof acceptInvitationSchema>;

export const addLinkSchema = z.object({ label: z.string().trim().min(1, 'must not be empty').max(60, 'must be at most 60 characters').optional() }).strict();
export type AddLinkBody = z.output<typeof addLinkSchema>;

/** `null` removes a detail; a field left out stays as it is. */
export const payoutDetailsSchema = z
  .object({
    payout_email: z.string().trim().max(320).email('must be an email address').nullable().optional(),
    payout_reference: z.string().trim().min(1, 'must not be empty (send null to remove it)').max(200, 'must be at most 200 characters').nullable().optional(),
  })
  .strict()
  .refine((body) => body.payout_email !== undefined || body.payout_reference !== undefined, 'must change payout_email, payout_reference or both');
export type PayoutDetailsBody = z.output<typeof payoutDetailsSchema>;
