import { z } from 'zod';
import { planTermsSchema } from '../../core/terms';

/** A new version of the workspace's plan, or of one partner's override (with `partner_id`). */
export const setPlanBody = planTermsSchema.extend({ partner_id: z.string().uuid('must be a partner id (a UUID)').optional() }).strict();
export type SetPlanBody = z.output<typeof setPlanBody>;
