import { z } from 'zod';
import type { Mode } from '@app/domain';
import { CURRENCY, MAX_AMOUNT } from '../../core/terms';

export const createPayoutsBody = z
  .object({
    currency: z
      .string()
      .transform((c) => c.toLowerCase())
      .refine((c) => CURRENCY.test(c), 'must be an ISO 4217 currency code such as usd'),
    /** Only these partners; every partner with a balance in the currency when absent. */
    partner_ids: z.array(z.string().uuid('must be partner ids (UUIDs)')).min(1).max(1000).optional(),
    /** A partner whose balance is below this (minor units) is not paid this time; its lines wait. */
    minimum_amount_cents: z.number().int('must be a whole number of minor units').min(1).max(MAX_AMOUNT).default(1),
  })
  .strict();

export type CreatePayoutsBody = z.output<typeof createPayoutsBody>;

export interface CreatePayoutsCommand extends CreatePayoutsBody {
  workspaceId: string;
  mode: Mode;
  idempotencyKey: string;
}

/** Merchants' idempotency keys: what Stripe accepts, printable and at most 255 characters. */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
