import type { SchemaObject } from '@nestjs/swagger';
import { CONVERSION_STATUSES, DISPUTE_STATUSES } from '@app/domain';

const nullable = (schema: SchemaObject): SchemaObject => ({ ...schema, nullable: true });

/** The mode an object lives in. */
export const modeSchema: SchemaObject = { type: 'string', enum: ['test', 'live'] };

/** An object of the API: its uuid `id` and its `object` name, then its own properties, in this order. */
export const apiObjectSchema = (object: string, properties: Record<string, SchemaObject>): SchemaObject => ({
  type: 'object',
  properties: { id: { type: 'string', format: 'uuid' }, object: { type: 'string', enum: [object] }, ...properties },
});

/** An answer the API names by its `object` field that has no uuid of its own (settings, a balance, a report): `object` first. */
export const namedObjectSchema = (object: string, properties: Record<string, SchemaObject>): SchemaObject => ({
  type: 'object',
  properties: { object: { type: 'string', enum: [object] }, ...properties },
});

/** An array of plain objects with these properties (the rows of a report, the attempts of a delivery). */
export const arrayOfObjects = (properties: Record<string, SchemaObject>): SchemaObject => ({ type: 'array', items: { type: 'object', properties } });

/** `ConversionView`: what the API returns and `conversion.*` events carry. */
export const conversionSchema = apiObjectSchema('conversion', {
  mode: modeSchema,
  status: { type: 'string', enum: [...CONVERSION_STATUSES] },
  kind: { type: 'string', enum: ['initial', 'renewal'] },
  source: { type: 'string', enum: ['stripe', 'api'] },
  event_type: { type: 'string', example: 'sale' },
  partner_id: { type: 'string', format: 'uuid' },
  click_id: nullable({ type: 'string', format: 'uuid' }),
  referral_token: nullable({
    type: 'string',
    description: "The referral token (link) of the credited click; a renewal's is its initial sale's; null for a promo code or a sale without a click",
  }),
  promo_code: nullable({ type: 'string' }),
  amount_cents: { type: 'integer' },
  currency: nullable({ type: 'string', example: 'usd' }),
  source_event_id: nullable({ type: 'string', description: 'The Stripe event it was decided on' }),
  external_transaction_id: nullable({ type: 'string', description: 'The Conversion API dedup key' }),
  stripe: {
    type: 'object',
    properties: {
      customer: nullable({ type: 'string' }),
      subscription: nullable({ type: 'string' }),
      invoice: nullable({ type: 'string' }),
      checkout_session: nullable({ type: 'string' }),
    },
  },
  commissionable_amount_cents: {
    type: 'integer',
    description: 'What a commission is computed on: what the customer paid, tax excluded where Stripe states it',
  },
  refunded_amount_cents: { type: 'integer', description: 'Refunded so far (cumulative), at most amount_cents' },
  dispute_status: nullable({
    type: 'string',
    enum: [...DISPUTE_STATUSES],
    description: "The latest dispute of the sale's payment; null when never disputed",
  }),
  customer_email: nullable({ type: 'string', description: "The buyer's email from Checkout, lower-cased" }),
  initial_conversion_id: nullable({ type: 'string', format: 'uuid', description: 'For a renewal: the conversion of the sale it renews' }),
  initial_occurred_at: nullable({ type: 'string', format: 'date-time', description: 'For a renewal: when the sale it renews happened' }),
  occurred_at: { type: 'string', format: 'date-time' },
  created_at: { type: 'string', format: 'date-time' },
});
