// The services' own vocabulary, so a new status shows up here too. The file imports nothing at run time (checked in the bundle).
import { CONVERSION_KINDS, CONVERSION_SOURCES, CONVERSION_STATUSES } from '../../../../../../libs/domain/src/attribution';
import type { ConversionKind, ConversionSource, ConversionStatus } from '../../../../../../libs/domain/src/attribution';

export interface Conversion {
  id: string;
  mode: 'test' | 'live';
  status: ConversionStatus;
  kind: ConversionKind;
  source: ConversionSource;
  event_type: string;
  partner_id: string;
  click_id: string | null;
  promo_code: string | null;
  amount_cents: number;
  currency: string | null;
  source_event_id: string | null;
  external_transaction_id: string | null;
  stripe: { customer: string | null; subscription: string | null; invoice: string | null; checkout_session: string | null };
  commissionable_amount_cents: number;
  refunded_amount_cents: number;
  dispute_status: string | null;
  customer_email: string | null;
  initial_conversion_id: string | null;
  occurred_at: string;
  created_at: string;
}

export { CONVERSION_KINDS as KINDS, CONVERSION_SOURCES as SOURCES, CONVERSION_STATUSES as STATUSES };
