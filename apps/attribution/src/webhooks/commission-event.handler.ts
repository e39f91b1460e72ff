import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { z } from 'zod';
import { COMMISSION_STATUSES, Consumers, MODES, PAYOUT_STATUSES, Streams } from '@app/domain';
import { JetStreamContext, JetStreamHandler, parseMessage, PoisonMessageError } from '@app/messaging';
import { WebhookFanOut } from './webhook-fan-out';

const envelope = {
  id: z.string().min(1).max(200),
  api_version: z.literal('v1'),
  workspace_id: z.string().min(1),
  mode: z.enum(MODES),
  // An endpoint receives the events created after it: a date that does not parse would match none.
  created_at: z.string().datetime({ offset: true }),
};

/** What the commissions service publishes on COMMISSIONS (`CommissionEvent`, `PayoutEvent`); the objects may carry any further field. */
const commissionsServiceEvent = z.discriminatedUnion('type', [
  z.object({
    ...envelope,
    type: z.enum(['commission.created', 'commission.updated']),
    commission: z.object({ id: z.string().min(1), object: z.literal('commission'), status: z.enum(COMMISSION_STATUSES) }).passthrough(),
  }),
  z.object({
    ...envelope,
    type: z.enum(['payout.created', 'payout.paid']),
    payout: z.object({ id: z.string().min(1), object: z.literal('payout'), status: z.enum(PAYOUT_STATUSES) }).passthrough(),
  }),
]);

/**
 * Every subject of the COMMISSIONS stream (`commission.>` and `payout.>`) through one durable
 * consumer: the NATS server we support (2.9) filters a consumer on one subject only, and within
 * this stream `>` is exactly those two.
 */
const EVERY_COMMISSIONS_SUBJECT = '>';

/** The commissions service's events, handed to the outgoing webhooks of the endpoints subscribed to them. */
@Controller()
export class CommissionEventHandler {
  constructor(private readonly fanOut: WebhookFanOut) {}

  /** Acknowledged once the deliveries and their messages are committed; a redelivered message finds them made and adds none. */
  @JetStreamHandler(EVERY_COMMISSIONS_SUBJECT, { stream: Streams.commissions, durable: Consumers.webhookCommissionEvents })
  async onCommissionsEvent(@Payload() payload: unknown, @Ctx() ctx: JetStreamContext): Promise<void> {
    const event = parseMessage(commissionsServiceEvent, payload, 'commissions event');
    // The subject routes the message and the type names the event to the receiver: they must agree.
    if (ctx.getSubject() !== event.type) throw new PoisonMessageError(`a ${event.type} event published on ${ctx.getSubject()}`);
    // The body as published, every field the commissions service put in it (zod keeps only what it knows).
    await this.fanOut.deliverEvent(event, JSON.stringify(payload));
  }
}
