import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { z } from 'zod';
import { Consumers, MODES, Streams, Subjects } from '@app/domain';
import { JetStreamHandler, parseMessage } from '@app/messaging';
import { ClickCopies } from './click-copies';

const clickRecorded = z.object({
  click_id: z.string().uuid(),
  workspace_id: z.string().min(1),
  mode: z.enum(MODES),
  partner_id: z.string().uuid(),
  referral_token: z.string().min(1),
  clicked_at: z.string().datetime({ offset: true }),
  expires_at: z.string().datetime({ offset: true }),
});

/** Keeps attribution's copy of the clicks: the set of click ids a sale may be attributed to. */
@Controller()
export class ClickRecordedHandler {
  constructor(private readonly clicks: ClickCopies) {}

  @JetStreamHandler(Subjects.clickRecorded, { stream: Streams.clicks, durable: Consumers.attributionClicks, maxInFlight: 32 })
  async onClickRecorded(@Payload() payload: unknown): Promise<void> {
    const c = parseMessage(clickRecorded, payload, 'click.recorded');
    await this.clicks.recordClick({
      clickId: c.click_id.toLowerCase(),
      workspaceId: c.workspace_id,
      mode: c.mode,
      partnerId: c.partner_id,
      referralToken: c.referral_token,
      clickedAt: new Date(c.clicked_at),
      expiresAt: new Date(c.expires_at),
    });
  }
}
