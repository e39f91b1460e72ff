import { z } from 'zod';
import { CONVERSION_STATUSES, DISPUTE_STATUSES, MODES } from '@app/domain';

const isoDate = z.string().datetime({ offset: true });
const minor = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** What the commissions service reads of a `conversion.created` / `conversion.updated` event. */
export const conversionEventSchema = z.object({
  id: z.string().min(1).max(200),
  type: z.enum(['conversion.created', 'conversion.updated']),
  workspace_id: z.string().min(1),
  mode: z.enum(MODES),
  created_at: isoDate,
  conversion: z
    .object({
      id: z.string().uuid(),
      object: z.literal('conversion'),
      mode: z.enum(MODES),
      status: z.enum(CONVERSION_STATUSES),
      kind: z.enum(['initial', 'renewal']),
      source: z.enum(['stripe', 'api']),
      event_type: z.string(),
      partner_id: z.string().uuid(),
      amount_cents: minor,
      currency: z.string().nullable(),
      // Attribution fills these from the contract's v1 additions; an older event without them earns on its amount.
      commissionable_amount_cents: minor.optional(),
      refunded_amount_cents: minor.default(0),
      dispute_status: z.enum(DISPUTE_STATUSES).nullable().default(null),
      customer_email: z.string().nullable().default(null),
      initial_conversion_id: z.string().uuid().nullable().default(null),
      initial_occurred_at: isoDate.nullable().default(null),
      occurred_at: isoDate,
      created_at: isoDate,
    })
    .passthrough(),
});

export type RecordConversionCommand = z.output<typeof conversionEventSchema>;
