import { z } from 'zod';
import { ROLES } from '../users/dashboard-user';

export const emailSchema = z.string({ required_error: 'is required' }).trim().min(3).max(320).email('must be an email address');

export const signInSchema = z.object({ email: emailSchema, password: z.string({ required_error: 'is required' }).min(1, 'is required').max(1024) }).strict();
export type SignInBody = z.output<typeof signInSchema>;

export const changePasswordSchema = z
  .object({ current_password: z.string({ required_error: 'is required' }).max(1024), new_password: z.string({ required_error: 'is required' }).max(1024) })
  .strict();
export type ChangePasswordBody = z.output<typeof changePasswordSchema>;

export const addUserSchema = z.object({ email: emailSchema, role: z.enum(ROLES, { message: 'must be owner or member' }).default('member') }).strict();
export type AddUserBody = z.output<typeof addUserSchema>;
