import { z } from 'zod';
import { MODES } from '@app/domain';

/** What the summary reads of `click.recorded`. */
export const clickRecordedSchema = z.object({
  click_id: z.string().uuid(),
  workspace_id: z.string().min(1),
  mode: z.enum(MODES),
  partner_id: z.string().uuid(),
  clicked_at: z.string().datetime({ offset: true }),
});

export type RecordClickCommand = z.output<typeof clickRecordedSchema>;
