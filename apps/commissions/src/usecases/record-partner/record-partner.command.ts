import { z } from 'zod';
import { MODES } from '@app/domain';

/** `partner.upserted`, published by tracking (see PartnerUpsertedEvent). */
export const partnerUpsertedSchema = z.object({
  workspace_id: z.string().min(1),
  mode: z.enum(MODES),
  partner_id: z.string().uuid(),
  name: z.string().max(500),
  email: z.string().max(500).nullable(),
  // Absent from a tracking that predates payout details: none.
  payout_email: z.string().max(500).nullish(),
  payout_reference: z.string().max(500).nullish(),
  updated_at: z.string().datetime({ offset: true }),
});

export type RecordPartnerCommand = z.output<typeof partnerUpsertedSchema>;
