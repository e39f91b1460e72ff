import { z } from 'zod';
import { MAX_AMOUNT_CENTS } from '@app/domain';

/** ISO 4217 code as Stripe writes it: three lower-case letters. */
export const CURRENCY = /^[a-z]{3}$/;

/** The largest amount we accept anywhere, in minor units: well inside a safe integer and a bigint column. */
export const MAX_AMOUNT = MAX_AMOUNT_CENTS;

/** A percentage in basis points (1% = 100), or a flat amount per currency in that currency's minor units. */
export const rateSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('percentage'),
    rate_bps: z.number().int('must be a whole number of basis points (1% = 100)').min(0).max(10_000, 'must be at most 10000 (100%)'),
  }),
  z.object({
    type: z.literal('flat'),
    amounts: z
      .record(
        z.string().regex(CURRENCY, 'must be a lower-case ISO 4217 currency code such as usd'),
        z.number().int('must be a whole number of minor units (cents; yen for jpy)').min(0).max(MAX_AMOUNT),
      )
      .refine((a) => Object.keys(a).length > 0, 'must name at least one currency, e.g. {"usd": 500}'),
  }),
]);

export const recurringSchema = z.discriminatedUnion('limit', [
  z.object({ limit: z.literal('forever') }),
  /** Renewals occurring within `count` calendar months (UTC) after the initial sale. */
  z.object({ limit: z.literal('months'), count: z.number().int().min(1).max(1200) }),
  /** The first `count` payments of a subscription, the initial sale being payment 1. */
  z.object({ limit: z.literal('payments'), count: z.number().int().min(1).max(10_000) }),
]);

export const planTermsSchema = z
  .object({
    rate: rateSchema,
    earns: z
      .object({
        initial: z.boolean().default(true),
        renewals: z.boolean().default(true),
        /** Conversion API event types that earn (`sale`, `lead`, ...); Stripe sales earn by kind. */
        event_types: z.array(z.string().min(1).max(100)).max(50).default(['sale']),
      })
      .strict()
      .default({}),
    recurring: recurringSchema.default({ limit: 'forever' }),
    hold_days: z.number().int().min(0).max(365).default(30),
  })
  .strict();

export type Rate = z.output<typeof rateSchema>;
export type Recurring = z.output<typeof recurringSchema>;
export type PlanTerms = z.output<typeof planTermsSchema>;

/** What a commission keeps: the terms of the plan version in force when its conversion was created. */
export interface CommissionTerms extends PlanTerms {
  plan_id: string;
  /** The partner's override, or the workspace's plan. */
  scope: 'workspace' | 'partner';
}
