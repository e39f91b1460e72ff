import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { z } from 'zod';
import { Consumers, MODES, Streams, Subjects } from '@app/domain';
import { JetStreamHandler, parseMessage } from '@app/messaging';
import { PromoCodeCopies } from './promo-code-copies';

const promoCodeAssigned = z.object({
  workspace_id: z.string().min(1),
  mode: z.enum(MODES),
  code: z.string().min(1),
  partner_id: z.string().uuid(),
  assigned_at: z.string().datetime({ offset: true }),
});

/** Keeps attribution's copy of which partner owns which promo code. */
@Controller()
export class PromoCodeAssignedHandler {
  constructor(private readonly promoCodes: PromoCodeCopies) {}

  @JetStreamHandler(Subjects.promoCodeAssigned, { stream: Streams.promoCodes, durable: Consumers.attributionPromoCodes })
  async onPromoCodeAssigned(@Payload() payload: unknown): Promise<void> {
    const p = parseMessage(promoCodeAssigned, payload, 'promo_code.assigned');
    await this.promoCodes.recordPromoCode({
      workspaceId: p.workspace_id,
      mode: p.mode,
      code: p.code.toUpperCase(),
      partnerId: p.partner_id,
      assignedAt: new Date(p.assigned_at),
    });
  }
}
