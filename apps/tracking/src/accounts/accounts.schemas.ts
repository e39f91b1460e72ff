import { z } from 'zod';
import { MODES } from '@app/domain';

const name = z.string({ required_error: 'is required' }).trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');

export const workspaceNameSchema = z.object({ name }).strict();

export const createKeySchema = z
  .object({
    kind: z.enum(['publishable', 'secret'], { required_error: 'is required', message: 'must be publishable or secret' }),
    mode: z.enum(MODES, { required_error: 'is required', message: 'must be test or live' }),
  })
  .strict();

/** The workspace's own secret key works in its mode only, so the mode may be left out. */
export const createOwnKeySchema = createKeySchema.partial({ mode: true });

export const rollKeySchema = z
  .object({
    /** How long the old key keeps working; a day by default, at most 30 days. */
    grace_seconds: z
      .number({ message: 'must be a number of seconds' })
      .int('must be a whole number')
      .min(0, 'must be 0 or more')
      .max(2_592_000, 'must be at most 30 days')
      .optional(),
  })
  .strict();
