import type { SchemaObject } from '@nestjs/swagger';
import { COMMISSION_STATUSES, PAYOUT_STATUSES } from '@app/domain';
import { apiObjectSchema, arrayOfObjects, jsonSchemaOf, modeSchema, namedObjectSchema } from '@app/platform';
import { planTermsSchema } from '../core/terms';

const money = { type: 'integer', description: 'Minor units of the currency (cents; yen for jpy)' } as const;
const time = { type: 'string', format: 'date-time' } as const;
const nullableTime = { ...time, nullable: true } as const;
const uuid = { type: 'string', format: 'uuid' } as const;

/** What a commission and a payout both are: a partner's money in one currency, in a mode, with a status. */
const partnerMoney = (statuses: readonly string[]): Record<string, SchemaObject> => ({
  mode: modeSchema,
  status: { type: 'string', enum: [...statuses] },
  partner_id: uuid,
  currency: { type: 'string' },
});

export const commissionSchema: SchemaObject = apiObjectSchema('commission', {
  ...partnerMoney(COMMISSION_STATUSES),
  conversion_id: uuid,
  amount_cents: money,
  adjustments_cents: money,
  net_amount_cents: money,
  reversal_reason: { type: 'string', nullable: true, enum: ['not_converted', 'duplicate', 'refunded', 'dispute_lost', 'not_eligible', 'no_currency'] },
  review_reason: { type: 'string', nullable: true, enum: ['self_referral', 'high_refund_rate'] },
  reviewed_at: nullableTime,
  terms: { type: 'object', description: 'The plan terms the commission was made with' },
  hold_ends_at: time,
  approved_at: nullableTime,
  voided_at: nullableTime,
  void_reason: { type: 'string', nullable: true },
  payout_id: { type: 'string', format: 'uuid', nullable: true },
  paid_at: nullableTime,
  created_at: time,
  updated_at: time,
});

export const commissionWithAdjustmentsSchema: SchemaObject = {
  ...commissionSchema,
  properties: {
    ...commissionSchema.properties,
    adjustments: {
      type: 'array',
      items: { type: 'object', properties: { id: { type: 'string' }, amount_cents: money, payout_id: { type: 'string', nullable: true }, created_at: time } },
    },
  },
};

export const payoutSchema: SchemaObject = apiObjectSchema('payout', {
  ...partnerMoney(PAYOUT_STATUSES),
  batch_id: uuid,
  amount_cents: { ...money, description: 'The sum of the lines' },
  line_count: { type: 'integer' },
  reference: { type: 'string', nullable: true },
  period_start: time,
  period_end: time,
  created_at: time,
  paid_at: nullableTime,
  cancelled_at: nullableTime,
});

export const payoutWithLinesSchema: SchemaObject = {
  ...payoutSchema,
  properties: {
    ...payoutSchema.properties,
    lines: arrayOfObjects({
      type: { type: 'string', enum: ['commission', 'adjustment'] },
      commission_id: { type: 'string', nullable: true },
      adjustment_id: { type: 'string', nullable: true },
      amount_cents: money,
    }),
  },
};

export const payoutBatchSchema: SchemaObject = apiObjectSchema('payout_batch', {
  currency: { type: 'string' },
  created_at: time,
  payouts: { type: 'array', items: payoutSchema },
});

export const planSchema: SchemaObject = {
  ...jsonSchemaOf(planTermsSchema),
  properties: apiObjectSchema('plan', {
    mode: modeSchema,
    partner_id: { type: 'string', format: 'uuid', nullable: true },
    ...(jsonSchemaOf(planTermsSchema).properties ?? {}),
    effective_from: time,
  }).properties,
};

export const balanceSchema = namedObjectSchema('balance', {
  partner_id: { type: 'string', format: 'uuid' },
  currencies: arrayOfObjects({
    currency: { type: 'string' },
    pending: money,
    on_hold: money,
    in_review: money,
    approved: money,
    in_payout: money,
    paid: money,
    owed_back: money,
  }),
});

export const summarySchema = namedObjectSchema('commission_summary', {
  group_by: { type: 'string', enum: ['day', 'partner'] },
  from: time,
  to: time,
  data: arrayOfObjects({
    day: { type: 'string', description: 'YYYY-MM-DD (UTC), when grouped by day' },
    partner_id: { type: 'string', description: 'When grouped by partner' },
    clicks: { type: 'integer' },
    currencies: arrayOfObjects({ currency: { type: 'string' }, conversions: { type: 'integer' }, revenue_cents: money, commissions_cents: money }),
  }),
});
