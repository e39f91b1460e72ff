import { Injectable, Logger } from '@nestjs/common';
import { isAttributedStripeEventType, modeFromLivemode, StripeEventReceived, Subjects } from '@app/domain';
import { JetStreamPublisher } from '@app/messaging';
import { AcceptStripeEventCommand } from './accept-stripe-event.command';

export type AcceptOutcome = 'stored' | 'duplicate' | 'ignored';

/**
 * Stores a verified Stripe event durably in JetStream; the 2xx Stripe gets means exactly that.
 * Types the product does not read are acknowledged and dropped here.
 */
@Injectable()
export class AcceptStripeEventUseCase {
  private readonly logger = new Logger('StripeWebhooks');

  constructor(private readonly publisher: JetStreamPublisher) {}

  async execute({ workspaceId, event }: AcceptStripeEventCommand): Promise<AcceptOutcome> {
    const base = { event_id: event.id, type: event.type, livemode: event.livemode, workspace_id: workspaceId };
    if (!isAttributedStripeEventType(event.type)) {
      this.logger.log({ msg: 'stripe event ignored', ...base });
      return 'ignored';
    }
    const message: StripeEventReceived = {
      workspace_id: workspaceId,
      mode: modeFromLivemode(event.livemode),
      received_at: new Date().toISOString(),
      event,
    };
    const ack = await this.publisher.publish(Subjects.stripeEvent(event.type), message, { msgId: `${workspaceId}:${event.id}` });
    const outcome: AcceptOutcome = ack.duplicate ? 'duplicate' : 'stored';
    this.logger.log({ msg: 'stripe event accepted', ...base, outcome, stream_seq: ack.seq });
    return outcome;
  }
}
